package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "0.0.0.0, 0.0.0.0",
    "192.0.2.1, 192.0.2.1",
    "255.255.255.255, 255.255.255.255",
    "10.0.0.10, 10.0.0.10",
    "::, ::",
    "::1, ::1",
    "1::, 1::",
    "2001:db8::1, 2001:db8::1",
    "2001:DB8::1, 2001:db8::1",
    "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",
    "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
    "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
    "fe80::1:2, fe80::1:2",
    "FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "[::1], ::1",
    "[2001:db8::1], 2001:db8::1",
    "::ffff:192.0.2.1, 192.0.2.1",
    "::FFFF:c000:0201, 192.0.2.1",
    "0:0:0:0:0:ffff:192.0.2.1, 192.0.2.1",
    "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
    "::192.0.2.1, ::c000:201",
    "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
  })
  void parsesAndPrintsCanonically(String text, String canonical) {
    IpAddress address = IpAddress.parse(text);

    assertThat(address).hasToString(canonical);
    assertThat(IpAddress.tryParse(text)).isEqualTo(address);
    assertThat(IpAddress.parse(canonical)).isEqualTo(address);
  }

  @Test
  void anIpv4MappedAddressIsTheIpv4Address() {
    IpAddress dotted = IpAddress.parse("192.0.2.1");
    IpAddress mapped = IpAddress.parse("::ffff:192.0.2.1");

    assertThat(mapped).isEqualTo(dotted).hasSameHashCodeAs(dotted);
    assertThat(mapped.isV4()).isTrue();
    assertThat(dotted.high()).isZero();
    assertThat(dotted.low()).isEqualTo(0x0000_ffff_c000_0201L);
    assertThat(IpAddress.ofV4(0xc000_0201)).isEqualTo(dotted);
    assertThat(IpAddress.fromBits(0, 0x0000_ffff_c000_0201L)).isEqualTo(dotted);
  }

  @Test
  void otherAddressesAreIpv6() {
    assertThat(IpAddress.parse("::").isV4()).isFalse();
    assertThat(IpAddress.parse("::1").isV4()).isFalse();
    assertThat(IpAddress.parse("::192.0.2.1").isV4()).isFalse();
    assertThat(IpAddress.parse("::fffe:192.0.2.1").isV4()).isFalse();
    assertThat(IpAddress.parse("1::ffff:192.0.2.1").isV4()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        " 1.2.3.4",
        "1.2.3.4 ",
        "1.2.3",
        "1.2.3.4.5",
        "1.2.3.256",
        "300.1.2.3",
        "1234.1.2.3",
        "01.2.3.4",
        "1.2.3.00",
        "1.2..4",
        ".1.2.3",
        "1.2.3.",
        "1.2.3.-4",
        "1.2.3.4/24",
        "1.2.3.4:80",
        "0x7f.0.0.1",
        "127.1",
        "2130706433",
        "١.٢.٣.٤",
        ":",
        ":::",
        "::::",
        "1:::2",
        "1::2::3",
        ":1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "1:2:3:4::5:6:7:8",
        "12345::",
        "::12345",
        "00000::1",
        "g::1",
        "2001:db8::1 ",
        "fe80::1%eth0",
        "fe80::1%25eth0",
        "[fe80::1%eth0]",
        "[::1",
        "::1]",
        "[]",
        "[1.2.3.4]",
        "[::1]:80",
        "::ffff:1.2.3",
        "::ffff:1.2.3.4.5",
        "::ffff:256.2.3.4",
        "::ffff:01.2.3.4",
        "::1.2.3.4:5",
        "1.2.3.4::",
        "1:2:3:4:5:6:7:1.2.3.4",
        "::ffff:1a.2.3.4",
        "localhost",
      })
  void refusesWhatIsNotAnAddress(String text) {
    assertThatThrownBy(() -> IpAddress.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an IP address: ");
    assertThat(IpAddress.tryParse(text)).isNull();
  }

  @Test
  void messagesSayWhatIsWrong() {
    assertThatThrownBy(() -> IpAddress.parse("01.2.3.4"))
        .hasMessage(
            "'01.2.3.4' is not an IP address: an octet has a leading zero, which some systems"
                + " read as octal");
    assertThatThrownBy(() -> IpAddress.parse("1.2.3.4.5"))
        .hasMessage("'1.2.3.4.5' is not an IP address: an IPv4 address has exactly 4 octets");
    assertThatThrownBy(() -> IpAddress.parse("1.2.3.256"))
        .hasMessage("'1.2.3.256' is not an IP address: an octet is greater than 255");
    assertThatThrownBy(() -> IpAddress.parse("fe80::1%eth0"))
        .hasMessage("'fe80::1%eth0' is not an IP address: zone ids (%...) are not accepted");
    assertThatThrownBy(() -> IpAddress.parse("1::2::3"))
        .hasMessage("'1::2::3' is not an IP address: '::' appears more than once");
    assertThatThrownBy(() -> IpAddress.parse(":::"))
        .hasMessage("':::' is not an IP address: a group is empty (':::' or '::' twice?)");
    assertThatThrownBy(() -> IpAddress.parse("1:2:3:4:5:6:7:8:9"))
        .hasMessage("'1:2:3:4:5:6:7:8:9' is not an IP address: it has more than 8 groups");
    assertThatThrownBy(() -> IpAddress.parse("12345::"))
        .hasMessage("'12345::' is not an IP address: a group has more than 4 hex digits");
    assertThatThrownBy(() -> IpAddress.parse("1:2:3:4:5:6:7:8::"))
        .hasMessage(
            "'1:2:3:4:5:6:7:8::' is not an IP address: '::' must stand for at least one group,"
                + " but there are 8 already");
    assertThatThrownBy(() -> IpAddress.parse(""))
        .hasMessage("'' is not an IP address: it is empty");
  }

  @Test
  void longInputIsShortenedInMessagesAndRefusedQuickly() {
    String huge = "1".repeat(100_000);

    assertThatThrownBy(() -> IpAddress.parse(huge))
        .hasMessageStartingWith("'" + "1".repeat(60) + "...' is not an IP address");
    assertThat(IpAddress.tryParse(huge)).isNull();
    assertThat(IpAddress.tryParse(":".repeat(100_000))).isNull();
  }

  @Test
  void tryParseReadsPartOfATextSuchAsAForwardedForHeader() {
    String header = "203.0.113.9, 2001:db8::7,bogus, [::1]";
    List<IpAddress> found = new ArrayList<>();
    int from = 0;
    while (from <= header.length()) {
      int comma = header.indexOf(',', from);
      int to = comma < 0 ? header.length() : comma;
      int start = from;
      while (start < to && header.charAt(start) == ' ') {
        start++;
      }
      IpAddress address = IpAddress.tryParse(header, start, to);
      if (address != null) {
        found.add(address);
      }
      from = to + 1;
    }

    assertThat(found)
        .containsExactly(
            IpAddress.parse("203.0.113.9"), IpAddress.parse("2001:db8::7"), IpAddress.parse("::1"));
    assertThat(IpAddress.tryParse((String) null)).isNull();
    assertThatThrownBy(() -> IpAddress.tryParse("1.2.3.4", 3, 8))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> IpAddress.tryParse("1.2.3.4", 4, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @ParameterizedTest(name = "{0} is stored as {1}")
  @CsvSource({
    "192.0.2.123, 192.0.2.0",
    "192.0.2.0, 192.0.2.0",
    "255.255.255.255, 255.255.255.0",
    "::ffff:10.1.2.3, 10.1.2.0",
    "2001:db8:abcd:1234:5678:9abc:def0:1234, 2001:db8:abcd::",
    "2001:db8:abcd::, 2001:db8:abcd::",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffff:ffff:ffff::",
    "::1, ::",
    "fe80::1, fe80::",
  })
  void truncationKeepsTheNetworkOnly(String text, String truncated) {
    IpAddress address = IpAddress.parse(text);

    assertThat(address.truncated()).hasToString(truncated);
    assertThat(address.truncated().isV4()).isEqualTo(address.isV4());
    assertThat(address.truncated().truncated()).isEqualTo(address.truncated());
  }

  @Test
  void comparesAsUnsigned128BitNumbers() {
    List<String> ascending =
        List.of(
            "::",
            "::1",
            "::ffff",
            "0.0.0.0",
            "9.255.255.255",
            "10.0.0.0",
            "128.0.0.0",
            "255.255.255.255",
            "::1:0:0:0",
            "1::",
            "2001:db8::",
            "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "8000::",
            "ffff:ffff:ffff:ffff::",
            "ffff:ffff:ffff:ffff:8000::",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    for (int i = 0; i < ascending.size(); i++) {
      for (int j = 0; j < ascending.size(); j++) {
        IpAddress a = IpAddress.parse(ascending.get(i));
        IpAddress b = IpAddress.parse(ascending.get(j));
        assertThat(Integer.signum(a.compareTo(b)))
            .as("%s vs %s", a, b)
            .isEqualTo(Integer.compare(i, j));
      }
    }
  }

  @Test
  void inRangeIncludesBothEnds() {
    IpAddress start = IpAddress.parse("10.0.0.0");
    IpAddress end = IpAddress.parse("10.0.0.255");

    assertThat(IpAddress.parse("10.0.0.0").inRange(start, end)).isTrue();
    assertThat(IpAddress.parse("10.0.0.77").inRange(start, end)).isTrue();
    assertThat(IpAddress.parse("10.0.0.255").inRange(start, end)).isTrue();
    assertThat(IpAddress.parse("9.255.255.255").inRange(start, end)).isFalse();
    assertThat(IpAddress.parse("10.0.1.0").inRange(start, end)).isFalse();
    assertThat(IpAddress.parse("::a00:1").inRange(start, end))
        .as("IPv4-compatible is not IPv4-mapped")
        .isFalse();
    assertThat(IpAddress.parse("10.0.0.5").inRange(end, start)).as("empty range").isFalse();
    assertThat(
            IpAddress.parse("8000::1")
                .inRange(IpAddress.parse("7fff::"), IpAddress.parse("ffff::")))
        .as("unsigned across the sign bit")
        .isTrue();
  }

  @Test
  void equalityIsByValue() {
    assertThat(IpAddress.parse("2001:db8::1"))
        .isEqualTo(IpAddress.parse("2001:0DB8:0:0:0:0:0:1"))
        .isNotEqualTo(IpAddress.parse("2001:db8::2"))
        .isNotEqualTo("2001:db8::1");
  }
}
