package dev.roster.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {
    private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.168.1.7,172.16.0.0/12,fd00::/8,::1");

    @ParameterizedTest
    @CsvSource({"10.1.2.3,true", "11.0.0.1,false", "192.168.1.7,true", "192.168.1.8,false", "172.31.255.255,true",
        "172.32.0.0,false", "fd12::1,true", "fe80::1,false", "::1,true", "0:0:0:0:0:0:0:1,true", "127.0.0.1,false",
        "not-an-address,false", "'',false"})
    void trustsAddressesInsideItsRangesOnly(String address, boolean trusted) {
        assertThat(proxies.trusts(address)).isEqualTo(trusted);
    }

    @Test
    void noneTrustsNobody() {
        assertThat(TrustedProxies.none().trusts("127.0.0.1")).isFalse();
        assertThat(TrustedProxies.parse(" ").trusts("127.0.0.1")).isFalse();
        assertThat(TrustedProxies.parse(null).trusts("10.0.0.1")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example.com", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "10.0.0.0/-1"})
    void anEntryThatIsNoAddressOrRangeIsRefusedNamingIt(String entry) {
        assertThatThrownBy(() -> TrustedProxies.parse("127.0.0.1," + entry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--trusted-proxies")
                .hasMessageContaining(entry);
    }
}
