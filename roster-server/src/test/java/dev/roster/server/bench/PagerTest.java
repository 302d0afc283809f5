package dev.roster.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** The pager walks pages in order and says what is wrong with a directory's pages. */
class PagerTest {
    private static final OktaRequests SCIM = new OktaRequests("http://127.0.0.1:9/scim/v2/d", "t");
    private static final SplittableRandom RANDOM = new SplittableRandom(1);

    @Test
    void indexPagingAsksForEachStartIndexAndEndsAfterTheLastPage() {
        Pager pager = new Pager(SCIM, false, 2, Set.of("a", "c"));
        assertThat(pager.next(RANDOM).uri().getQuery()).isEqualTo("startIndex=1&count=2");
        assertThat(pager.problem(page(3, null, "a", "b"))).isNull();
        assertThat(pager.next(RANDOM).uri().getQuery()).isEqualTo("startIndex=3&count=2");
        assertThat(pager.problem(page(3, null, "c"))).isNull();
        assertThat(pager.next(RANDOM)).isNull();
    }

    @Test
    void aUserOnTwoPagesIsAProblemAndEndsTheWalk() {
        Pager pager = new Pager(SCIM, false, 2, Set.of());
        pager.next(RANDOM);
        pager.problem(page(4, null, "a", "b"));
        pager.next(RANDOM);
        assertThat(pager.problem(page(4, null, "b", "c"))).isEqualTo("user b appears on two pages");
        assertThat(pager.next(RANDOM)).isNull();
    }

    @Test
    void fewerUsersThanTotalResultsIsAProblem() {
        Pager pager = new Pager(SCIM, false, 2, Set.of());
        pager.next(RANDOM);
        pager.problem(page(3, null, "a", "b"));
        pager.next(RANDOM);
        assertThat(pager.problem(page(3, null))).isEqualTo("the pages held 2 users, totalResults said 3");
    }

    @Test
    void cursorPagingFollowsNextCursorAndChecksThatEveryCreatedUserWasSeen() {
        Pager pager = new Pager(SCIM, true, 2, Set.of("a", "x"));
        assertThat(pager.next(RANDOM).uri().getQuery()).isEqualTo("count=2&cursor=");
        assertThat(pager.problem(page(3, "Q2", "a", "b"))).isNull();
        assertThat(pager.next(RANDOM).uri().getQuery()).isEqualTo("count=2&cursor=Q2");
        assertThat(pager.problem(page(3, null, "c"))).isEqualTo("1 of the users this run created were on no page");
        assertThat(pager.next(RANDOM)).isNull();
    }

    @Test
    void aFailedPageEndsTheWalk() {
        Pager pager = new Pager(SCIM, true, 2, Set.of());
        assertThat(pager.next(RANDOM)).isNotNull();
        // the load calls no check for a non-2xx answer: the pager must not ask for the same page again
        assertThat(pager.next(RANDOM)).isNull();
    }

    private static HttpResponse<String> page(long total, String nextCursor, String... ids) {
        StringBuilder b = new StringBuilder("{\"totalResults\":" + total + ",\"Resources\":[");
        for (int i = 0; i < ids.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids[i]).append("\"}");
        }
        b.append("]").append(nextCursor == null ? "" : ",\"nextCursor\":\"" + nextCursor + "\"").append("}");
        return new Answer(b.toString());
    }

    /** A 200 answer with a body, as HttpLoad hands it to a check. */
    private record Answer(String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(uri()).build();
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return URI.create("http://127.0.0.1:9/scim/v2/d/Users");
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
