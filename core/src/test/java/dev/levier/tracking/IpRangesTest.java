package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpRangesTest {

  private final IpRanges datacenters =
      IpRanges.parseCidrs(
          List.of(
              "# cloud providers",
              "203.0.113.0/24",
              "",
              "   198.51.100.128/25   # trailing comment",
              "192.0.2.7",
              "2001:db8::/32",
              "2001:db8:ffff::/48",
              "fd00::1/128"),
          "datacenter.txt");

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "203.0.112.255, false",
    "203.0.113.0, true",
    "203.0.113.128, true",
    "203.0.113.255, true",
    "203.0.114.0, false",
    "198.51.100.127, false",
    "198.51.100.128, true",
    "198.51.100.255, true",
    "198.51.101.0, false",
    "192.0.2.6, false",
    "192.0.2.7, true",
    "192.0.2.8, false",
    "::ffff:203.0.113.9, true",
    "::cb00:7109, false",
    "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, false",
    "2001:db8::, true",
    "2001:db8:1234::1, true",
    "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
    "2001:db9::, false",
    "fd00::, false",
    "fd00::1, true",
    "fd00::2, false",
    "::, false",
  })
  void containsTheBlocksAndTheirEdges(String address, boolean contained) {
    assertThat(datacenters.contains(IpAddress.parse(address))).isEqualTo(contained);
  }

  @Test
  void overlappingAndAdjacentBlocksAreMerged() {
    IpRanges ranges =
        IpRanges.parseCidrs(
            List.of(
                "10.0.1.0/24",
                "10.0.0.0/24",
                "10.0.0.128/25",
                "10.0.3.0/24",
                "2001:db8::/33",
                "2001:db8:8000::/33"),
            "test");

    assertThat(ranges.size()).isEqualTo(3);
    assertThat(ranges.contains(IpAddress.parse("10.0.1.255"))).isTrue();
    assertThat(ranges.contains(IpAddress.parse("10.0.2.0"))).isFalse();
    assertThat(ranges.contains(IpAddress.parse("2001:db8:ffff::"))).isTrue();
  }

  @Test
  void prefixZeroCoversAFamilyOrEverything() {
    IpRanges allV4 = IpRanges.parseCidrs(List.of("0.0.0.0/0"), "test");
    IpRanges everything = IpRanges.parseCidrs(List.of("::/0"), "test");

    assertThat(allV4.contains(IpAddress.parse("255.255.255.255"))).isTrue();
    assertThat(allV4.contains(IpAddress.parse("0.0.0.0"))).isTrue();
    assertThat(allV4.contains(IpAddress.parse("::1"))).isFalse();
    assertThat(everything.contains(IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")))
        .isTrue();
    assertThat(everything.contains(IpAddress.parse("1.2.3.4"))).isTrue();
  }

  @Test
  void anEmptyListContainsNothing() {
    assertThat(IpRanges.parseCidrs(List.of("# nothing yet", ""), "test").size()).isZero();
    assertThat(IpRanges.empty().contains(IpAddress.parse("1.2.3.4"))).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "300.1.2.0/24 | datacenter.txt line 7: '300.1.2.0/24' is not an IP address: an octet is"
            + " greater than 255",
        "203.0.113.0/33 | datacenter.txt line 7: '203.0.113.0/33' has a bad prefix length:"
            + " expected a number from 0 to 32 after '/'",
        "2001:db8::/129 | datacenter.txt line 7: '2001:db8::/129' has a bad prefix length:"
            + " expected a number from 0 to 128 after '/'",
        "203.0.113.0/ | datacenter.txt line 7: '203.0.113.0/' has a bad prefix length: expected a"
            + " number from 0 to 32 after '/'",
        "203.0.113.0/-1 | datacenter.txt line 7: '203.0.113.0/-1' has a bad prefix length:"
            + " expected a number from 0 to 32 after '/'",
        "203.0.113.0/2x | datacenter.txt line 7: '203.0.113.0/2x' has a bad prefix length:"
            + " expected a number from 0 to 32 after '/'",
        "203.0.113.7/24 | datacenter.txt line 7: '203.0.113.7/24' has host bits set; did you mean"
            + " 203.0.113.0/24?",
        "2001:db8::1/32 | datacenter.txt line 7: '2001:db8::1/32' has host bits set; did you mean"
            + " 2001:db8::/32?",
        "/24 | datacenter.txt line 7: '/24' is not an IP address: it is empty",
        "example.com/24 | datacenter.txt line 7: 'example.com/24' is not an IP address: only"
            + " digits and dots may appear in an IPv4 address",
      })
  void errorsNameTheSourceAndLine(String badLine, String message) {
    List<String> lines =
        List.of(
            "# header",
            "203.0.113.0/24",
            "",
            "2001:db8::/32",
            "  # indented comment",
            "10.0.0.0/8",
            badLine,
            "192.0.2.0/24");

    assertThatThrownBy(() -> IpRanges.parseCidrs(lines, "datacenter.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
