package dev.roster.server.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.directory.Provider;
import dev.roster.server.support.Backend;
import dev.roster.server.support.TestServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GroupsPostgresIT extends GroupsContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }

    @Test
    void twoNodesOnOnePostgresLoseNoMembershipChange() throws Exception {
        try (TestServer a = new TestServer(Backend.POSTGRES); TestServer b = new TestServer(a.config())) {
            TestServer.Scim viaA = a.newDirectory(Provider.ENTRA);
            TestServer.Scim viaB = a.sameDirectoryOn(b, viaA);
            List<String> users = IntStream.range(0, 200).mapToObj(i -> viaA.createUser("n" + i + "@x.com")).toList();
            String gid = viaA.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                    + "\"displayName\":\"Shared\",\"members\":[" + users.subList(0, 100).stream()
                    .map(u -> "{\"value\":\"" + u + "\"}").collect(Collectors.joining(",")) + "]}").json()
                    .get("id").asString();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<Integer>> all = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String u = users.get(i);
                    TestServer.Scim node = i % 2 == 0 ? viaA : viaB;
                    // users 0..99 start in the group and are removed; 100..199 are added
                    String op = i < 100
                            ? "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + u + "\"}]}"
                            : "{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u + "\"}]}";
                    all.add(pool.submit(() -> node.patch("/Groups/" + gid, "{\"schemas\":"
                            + "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + op + "]}").status()));
                }
                for (Future<Integer> f : all) {
                    assertThat(f.get()).isEqualTo(204);
                }
            } finally {
                pool.shutdown();
            }
            Set<String> members = new HashSet<>();
            viaB.get("/Groups/" + gid).json().get("members").forEach(m -> members.add(m.get("value").asString()));
            assertThat(members).containsExactlyInAnyOrderElementsOf(users.subList(100, 200));
            assertThat(viaA.get("/Groups/" + gid).json().get("meta").get("version").asString())
                    .isEqualTo("W/\"201\"");
        }
    }
}
