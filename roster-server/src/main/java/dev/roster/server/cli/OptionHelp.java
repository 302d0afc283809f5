package dev.roster.server.cli;

import java.util.Arrays;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Help that shows under each server option where else it can be set: its environment variable and its
 * config file key, derived from the option's name ({@link OptionSources}), so the list cannot drift from
 * what is read.
 */
final class OptionHelp extends Help {
    OptionHelp(CommandSpec spec, ColorScheme scheme) {
        super(spec, scheme);
    }

    @Override
    public IOptionRenderer createDefaultOptionRenderer() {
        IOptionRenderer base = super.createDefaultOptionRenderer();
        return (option, labels, scheme) -> {
            Text[][] rows = base.render(option, labels, scheme);
            String key = OptionSources.key(option);
            if (key == null || key.equals(OptionSources.CONFIG) || rows.length == 0) {
                return rows;
            }
            Text[][] more = Arrays.copyOf(rows, rows.length + 1);
            Text[] line = new Text[rows[0].length];
            Arrays.fill(line, scheme.text(""));
            line[line.length - 1] = scheme.text("env " + OptionSources.envName(key) + ", config key " + key);
            more[rows.length] = line;
            return more;
        };
    }
}
