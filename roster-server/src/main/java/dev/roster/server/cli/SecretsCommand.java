package dev.roster.server.cli;

import dev.roster.server.config.SecretKeys;
import dev.roster.server.store.Database;
import dev.roster.server.webhooks.EndpointSecrets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code roster secrets new-key} and {@code roster secrets rotate}: the keys that encrypt webhook secrets at
 * rest (README: Secrets at rest).
 */
@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = "Manage the keys that encrypt webhook secrets at rest.",
        subcommands = {SecretsCommand.NewKey.class, SecretsCommand.Rotate.class})
final class SecretsCommand {

    @Command(name = "new-key", mixinStandardHelpOptions = true,
            description = "Print a new random key (base64 of 32 bytes) for ROSTER_SECRET_KEY or a key file.")
    static final class NewKey implements Runnable {
        @Override
        public void run() {
            System.out.println(SecretKeys.newKey());
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Encrypt every stored webhook secret again with the first configured key; the other "
                    + "configured keys decrypt the old ones. Safe while Roster nodes run.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (Database db = store.open()) {
                EndpointSecrets.Rotation r = EndpointSecrets.rotate(db);
                System.out.println("re-encrypted " + r.resealed() + " webhook secrets with key '" + r.keyId() + "'; "
                        + r.unchanged() + " already were");
                r.failures().forEach(f -> System.err.println("roster: " + f));
                return r.failures().isEmpty() ? 0 : 1;
            } catch (IllegalArgumentException e) {
                System.err.println("roster: " + e.getMessage());
                return 1;
            }
        }
    }
}
