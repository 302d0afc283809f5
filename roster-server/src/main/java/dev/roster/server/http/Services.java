package dev.roster.server.http;

import dev.roster.server.directory.Directories;
import dev.roster.server.directory.DirectoryListener;
import dev.roster.server.events.DirectoryEvents;
import dev.roster.server.events.EventLog;
import dev.roster.server.events.ProvisioningEvents;
import dev.roster.server.people.CustomAttributes;
import dev.roster.server.provisioning.GroupStore;
import dev.roster.server.provisioning.ProvisioningListener;
import dev.roster.server.provisioning.Reindex;
import dev.roster.server.provisioning.UserStore;
import dev.roster.server.seats.SeatSync;
import dev.roster.server.seats.Seats;
import dev.roster.server.store.Database;
import java.time.Clock;

/**
 * The services of Roster wired together once, for the server and the CLI alike, so that a change made
 * from either writes the same events and moves the same seats.
 */
public record Services(EventLog events, SeatSync seatSync, Seats seats, Directories directories, UserStore users,
        GroupStore groups, CustomAttributes custom) {

    public static Services create(Database db, Clock clock) {
        Reindex.run(db, clock);
        EventLog events = new EventLog();
        SeatSync seatSync = new SeatSync(clock, events);
        Seats seats = new Seats(db, clock, seatSync);
        Directories directories = new Directories(db, clock,
                DirectoryListener.all(seats, new DirectoryEvents(events, clock)));
        // events first, so that the seat moves a change causes come after the change in the event log
        ProvisioningListener provisioning = ProvisioningListener.all(new ProvisioningEvents(events, clock), seatSync);
        return new Services(events, seatSync, seats, directories, new UserStore(db, clock, provisioning),
                new GroupStore(db, clock, provisioning), new CustomAttributes(db, clock));
    }
}
