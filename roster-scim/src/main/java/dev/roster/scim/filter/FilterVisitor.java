package dev.roster.scim.filter;

/**
 * One method per {@link Filter} node type; {@link Filter#accept} dispatches to it. Java 17 has no
 * pattern-matching {@code switch}, so this interface is what makes a new node type break the build
 * in every interpreter (evaluator, SQL translator) that does not handle it.
 *
 * <pre>boolean hit = filter.accept(new MyEvaluation(resource));</pre>
 *
 * @param <R> what each visit returns
 */
public interface FilterVisitor<R> {
    R visitCompare(Filter.Compare compare);

    R visitPresent(Filter.Present present);

    R visitAnd(Filter.And and);

    R visitOr(Filter.Or or);

    R visitNot(Filter.Not not);

    R visitValuePath(Filter.ValuePath valuePath);
}
