package dev.roster.server.store;

import java.util.List;

/**
 * Migration 18 (issue #19): {@code plan.seats_used}, the plan's paid seats, kept by triggers on {@code member}, so
 * that the seat rules and the console read one row instead of counting the plan's paid members (a count that grew
 * with the plan on every provisioning write that checked the seat limit). The triggers see each row's old and new
 * state as stored, so the count stays exact whichever code, cascade or concurrent transaction changed a member; on
 * PostgreSQL the counter's row lock orders a plan's seat moves like the plan lock the seat rules take already.
 * In Java because the two databases write triggers differently.
 */
final class PlanSeatCounts extends DialectMigration {
    private static final List<String> COMMON = List.of(
            "ALTER TABLE plan ADD COLUMN seats_used INTEGER NOT NULL DEFAULT 0",
            "UPDATE plan SET seats_used = (SELECT COUNT(*) FROM member m WHERE m.plan_id = plan.id AND m.seat = 'paid')");

    private static final List<String> SQLITE = List.of("""
            CREATE TRIGGER member_seat_added AFTER INSERT ON member
            WHEN NEW.seat = 'paid' AND NEW.plan_id IS NOT NULL
            BEGIN
                UPDATE plan SET seats_used = seats_used + 1 WHERE id = NEW.plan_id;
            END""", """
            CREATE TRIGGER member_seat_removed AFTER DELETE ON member
            WHEN OLD.seat = 'paid' AND OLD.plan_id IS NOT NULL
            BEGIN
                UPDATE plan SET seats_used = seats_used - 1 WHERE id = OLD.plan_id;
            END""", """
            CREATE TRIGGER member_seat_moved AFTER UPDATE OF seat, plan_id ON member
            WHEN (OLD.seat IS NOT NEW.seat OR OLD.plan_id IS NOT NEW.plan_id)
                AND ((OLD.seat = 'paid' AND OLD.plan_id IS NOT NULL) OR (NEW.seat = 'paid' AND NEW.plan_id IS NOT NULL))
            BEGIN
                UPDATE plan SET seats_used = seats_used - 1 WHERE id = OLD.plan_id AND OLD.seat = 'paid';
                UPDATE plan SET seats_used = seats_used + 1 WHERE id = NEW.plan_id AND NEW.seat = 'paid';
            END""");

    private static final List<String> POSTGRES = List.of("""
            CREATE FUNCTION member_seats_used() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
            BEGIN
                IF TG_OP <> 'INSERT' AND OLD.seat = 'paid' AND OLD.plan_id IS NOT NULL THEN
                    UPDATE plan SET seats_used = seats_used - 1 WHERE id = OLD.plan_id;
                END IF;
                IF TG_OP <> 'DELETE' AND NEW.seat = 'paid' AND NEW.plan_id IS NOT NULL THEN
                    UPDATE plan SET seats_used = seats_used + 1 WHERE id = NEW.plan_id;
                END IF;
                RETURN NULL;
            END $$""", """
            CREATE TRIGGER member_seat_added_or_removed AFTER INSERT OR DELETE ON member
            FOR EACH ROW EXECUTE FUNCTION member_seats_used()""", """
            CREATE TRIGGER member_seat_moved AFTER UPDATE OF seat, plan_id ON member
            FOR EACH ROW WHEN (OLD.seat IS DISTINCT FROM NEW.seat OR OLD.plan_id IS DISTINCT FROM NEW.plan_id)
            EXECUTE FUNCTION member_seats_used()""");

    PlanSeatCounts(Dialect dialect) {
        super("18", "plan seat counts", dialect, COMMON, SQLITE, POSTGRES);
    }
}
