package dev.roster.server.provisioning;

import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterVisitor;

/** Which attributes a filter reads, to load derived attributes (members, groups) only when needed. */
final class FilterAttributes {
    private FilterAttributes() {
    }

    /** True when some comparison in the filter reads the top-level attribute {@code name}. */
    static boolean mentions(Filter filter, String name) {
        return filter.accept(new FilterVisitor<Boolean>() {
            private boolean is(AttrPath p) {
                return p.name().equalsIgnoreCase(name);
            }

            @Override
            public Boolean visitCompare(Filter.Compare c) {
                return is(c.path());
            }

            @Override
            public Boolean visitPresent(Filter.Present p) {
                return is(p.path());
            }

            @Override
            public Boolean visitAnd(Filter.And a) {
                return a.left().accept(this) || a.right().accept(this);
            }

            @Override
            public Boolean visitOr(Filter.Or o) {
                return o.left().accept(this) || o.right().accept(this);
            }

            @Override
            public Boolean visitNot(Filter.Not n) {
                return n.inner().accept(this);
            }

            @Override
            public Boolean visitValuePath(Filter.ValuePath v) {
                return is(v.attr());
            }
        });
    }
}
