package dev.roster.server.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.directory.Provider;
import dev.roster.server.support.Backend;
import dev.roster.server.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PagingPostgresIT extends PagingContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }

    @Test
    void aDeleteThroughAnotherNodeMovesTheNextPageOnThisOne() {
        try (TestServer a = new TestServer(Backend.POSTGRES); TestServer b = new TestServer(a.config())) {
            TestServer.Scim viaA = a.newDirectory(Provider.OKTA);
            TestServer.Scim viaB = a.sameDirectoryOn(b, viaA);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ids.add(viaA.createUser("node" + i + "@example.com"));
            }
            assertThat(firstUserName(viaA.get("/Users?startIndex=1&count=10").json())).isEqualTo("node0@example.com");
            assertThat(firstUserName(viaA.get("/Users?startIndex=11&count=10").json())).isEqualTo("node10@example.com");
            assertThat(viaB.delete("/Users/" + ids.get(3)).status()).isEqualTo(204);
            JsonNode page = viaA.get("/Users?startIndex=21&count=10").json();
            assertThat(firstUserName(page)).isEqualTo("node21@example.com");
            assertThat(page.get("totalResults").asInt()).isEqualTo(29);
        }
    }

    private static String firstUserName(JsonNode page) {
        return page.get("Resources").get(0).get("userName").asString();
    }
}
