package dev.levier.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levier.geo.CountryCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpCountryTableTest {

  private final IpCountryTable table =
      IpCountryTable.parse(
          List.of(
              "start_ip,end_ip,country",
              "# a comment",
              "2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,FR",
              "1.0.0.0,1.0.0.255,AU",
              "",
              "1.0.1.0,1.0.3.255,CN",
              " 2.0.0.0 , 2.0.0.0 , DE ",
              "\"5.0.0.0\",\"5.255.255.255\",\"JP\"",
              "255.255.255.0,255.255.255.255,US",
              "::ffff:4.0.0.0,::ffff:4.0.0.9,GB",
              "fd00::,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,CH"),
          "countries.csv");

  @ParameterizedTest(name = "{0} is in {1}")
  @CsvSource({
    "0.255.255.255, ",
    "1.0.0.0, AU",
    "1.0.0.128, AU",
    "1.0.0.255, AU",
    "1.0.1.0, CN",
    "1.0.3.255, CN",
    "1.0.4.0, ",
    "1.255.255.255, ",
    "2.0.0.0, DE",
    "2.0.0.1, ",
    "4.0.0.0, GB",
    "4.0.0.9, GB",
    "4.0.0.10, ",
    "5.0.0.0, JP",
    "::ffff:5.128.0.1, JP",
    "5.255.255.255, JP",
    "255.255.255.254, US",
    "255.255.255.255, US",
    "::, ",
    "::1:0:0:0, ",
    "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, ",
    "2001:db8::, FR",
    "2001:db8:1::42, FR",
    "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, FR",
    "2001:db9::, ",
    "fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ",
    "fd00::, CH",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, CH",
  })
  void looksUpByRangeIncludingBothEnds(String address, String country) {
    CountryCode expected = country == null ? null : CountryCode.of(country);

    assertThat(table.lookup(IpAddress.parse(address))).isEqualTo(expected);
  }

  @Test
  void countsItsRows() {
    assertThat(table.size()).isEqualTo(8);
    assertThat(table).hasToString("IpCountryTable[8 ranges]");
  }

  @Test
  void theEmptyTableKnowsNoCountry() {
    assertThat(IpCountryTable.empty().lookup(IpAddress.parse("1.2.3.4"))).isNull();
    assertThat(IpCountryTable.empty().size()).isZero();
    assertThat(IpCountryTable.parse(List.of("start,end,country", "# none"), "x").size()).isZero();
  }

  @Test
  void aHeaderIsOnlyAHeaderOnTheFirstRow() {
    assertThatThrownBy(
            () ->
                IpCountryTable.parse(
                    List.of("1.0.0.0,1.0.0.255,AU", "start_ip,end_ip,country"), "countries.csv"))
        .hasMessage(
            "countries.csv line 2: start 'start_ip' is not an IP address: only digits and dots"
                + " may appear in an IPv4 address");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "1.0.9.0,1.0.8.255,FR | countries.csv line 4: start 1.0.9.0 is after end 1.0.8.255",
        "2001:db8::2,2001:db8::1,FR | countries.csv line 4: start 2001:db8::2 is after end"
            + " 2001:db8::1",
        "1.0.9.0,1.0.9.255,fr | countries.csv line 4: \"fr\" is not uppercase; country codes must"
            + " be exact ISO 3166-1 alpha-2 codes: use \"FR\"",
        "1.0.9.0,1.0.9.255,ZZ | countries.csv line 4: \"ZZ\" is not an ISO 3166-1 alpha-2 country"
            + " code",
        "1.0.9.0,1.0.9.255, | countries.csv line 4: \"\" is not an ISO 3166-1 alpha-2 country code:"
            + " expected two uppercase letters, like \"DE\"",
        "1.0.9.0,1.0.9.256,FR | countries.csv line 4: end '1.0.9.256' is not an IP address: an"
            + " octet is greater than 255",
        "1.0.9,1.0.9.255,FR | countries.csv line 4: start '1.0.9' is not an IP address: an IPv4"
            + " address has exactly 4 octets",
        "1.0.9.0,::ffff:ffff:ffff:ffff,FR | countries.csv line 4: start 1.0.9.0 and end"
            + " ::ffff:ffff:ffff:ffff are not both IPv4 or both IPv6",
        "1.0.9.0,1.0.9.255 | countries.csv line 4: expected three to five fields"
            + " start_ip,end_ip,country[,region[,city]] but got '1.0.9.0,1.0.9.255'",
        "1.0.9.0,1.0.9.255,FR,FR-IDF,Paris,x | countries.csv line 4: expected three to five fields"
            + " start_ip,end_ip,country[,region[,city]] but got '1.0.9.0,1.0.9.255,FR,FR-IDF,Paris,x'",
        "1.0.9.0,1.0.9.255,FR,France | countries.csv line 4: region 'France' is not an ISO 3166-2"
            + " subdivision code in upper case, such as FR-IDF",
        "1.0.9.0,1.0.9.255,FR,fr-idf | countries.csv line 4: region 'fr-idf' is not an ISO 3166-2"
            + " subdivision code in upper case, such as FR-IDF",
        "1.0.9.0,1.0.9.255,FR,DE-BE,Berlin | countries.csv line 4: region DE-BE is not a"
            + " subdivision of the row's country FR",
        "1.0.9.0,1.0.9.255,FR,FR-IDF,\"Paris | countries.csv line 4: a quoted field is not closed"
            + " in '1.0.9.0,1.0.9.255,FR,FR-IDF,\"Paris'",
      })
  void refusesBadRowsNamingTheLine(String badRow, String message) {
    List<String> lines = List.of("start_ip,end_ip,country", "1.0.0.0,1.0.0.255,AU", "", badRow);

    assertThatThrownBy(() -> IpCountryTable.parse(lines, "countries.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void refusesOverlappingRowsNamingBothLines() {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "1.0.0.0,1.0.0.255,AU",
                "1.0.2.0,1.0.2.255,CN",
                "# comment",
                "1.0.0.128,1.0.1.0,JP"));

    assertThatThrownBy(() -> IpCountryTable.parse(lines, "countries.csv"))
        .hasMessage(
            "countries.csv line 4: range 1.0.0.128 to 1.0.1.0 overlaps the range of line 1"
                + " (1.0.0.0 to 1.0.0.255)");

    lines.set(3, "0.255.255.0,1.0.0.0,JP");
    assertThatThrownBy(() -> IpCountryTable.parse(lines, "countries.csv"))
        .as("sharing a single address at the edge is an overlap")
        .hasMessage(
            "countries.csv line 4: range 0.255.255.0 to 1.0.0.0 overlaps the range of line 1"
                + " (1.0.0.0 to 1.0.0.255)");

    lines.set(3, "1.0.0.7,1.0.0.7,JP");
    assertThatThrownBy(() -> IpCountryTable.parse(lines, "countries.csv"))
        .hasMessageStartingWith("countries.csv line 4: range 1.0.0.7 to 1.0.0.7 overlaps");

    lines.set(3, "2001:db8::,2001:db8::ff,FR");
    lines.add("2001:db8::80,2001:db8::1ff,DE");
    assertThatThrownBy(() -> IpCountryTable.parse(lines, "countries.csv"))
        .hasMessage(
            "countries.csv line 5: range 2001:db8::80 to 2001:db8::1ff overlaps the range of"
                + " line 4 (2001:db8:: to 2001:db8::ff)");
  }

  @Test
  void rowsThatTouchWithoutOverlappingAreAccepted() {
    IpCountryTable touching =
        IpCountryTable.parse(
            List.of("1.0.0.0,1.0.0.255,AU", "1.0.1.0,1.0.1.0,NZ", "1.0.1.1,1.0.1.255,AU"), "x");

    assertThat(touching.lookup(IpAddress.parse("1.0.0.255"))).isEqualTo(CountryCode.of("AU"));
    assertThat(touching.lookup(IpAddress.parse("1.0.1.0"))).isEqualTo(CountryCode.of("NZ"));
    assertThat(touching.lookup(IpAddress.parse("1.0.1.1"))).isEqualTo(CountryCode.of("AU"));
  }

  @Test
  void regionAndCityAreOptionalColumns() {
    IpCountryTable places =
        IpCountryTable.parse(
            List.of(
                "start_ip,end_ip,country,region,city",
                "1.0.0.0,1.0.0.255,FR,FR-IDF,Paris",
                "1.0.1.0,1.0.1.255,FR,FR-IDF",
                "1.0.2.0,1.0.2.255,US,,\"Washington, D.C.\"",
                "1.0.3.0,1.0.3.255,DE",
                "1.0.4.0,1.0.4.255,GB,GB-LND,\"The \"\"Square\"\" Mile\"",
                "2001:db8::,2001:db8::ffff,FR,FR-IDF,Paris"),
            "places.csv");

    assertThat(places.locate(IpAddress.parse("1.0.0.9")))
        .isEqualTo(new IpLocation(CountryCode.of("FR"), "FR-IDF", "Paris"));
    assertThat(places.locate(IpAddress.parse("1.0.1.9")))
        .isEqualTo(new IpLocation(CountryCode.of("FR"), "FR-IDF", null));
    assertThat(places.locate(IpAddress.parse("1.0.2.9")))
        .isEqualTo(new IpLocation(CountryCode.of("US"), null, "Washington, D.C."));
    assertThat(places.locate(IpAddress.parse("1.0.3.9")))
        .isEqualTo(new IpLocation(CountryCode.of("DE"), null, null));
    assertThat(places.locate(IpAddress.parse("1.0.4.9")).city()).isEqualTo("The \"Square\" Mile");
    assertThat(places.lookup(IpAddress.parse("1.0.0.9"))).isEqualTo(CountryCode.of("FR"));
    assertThat(places.locate(IpAddress.parse("1.0.5.0"))).isNull();
    assertThat(places.locate(IpAddress.parse("2001:db8::1")))
        .as("ranges of one place share one location, so a lookup allocates nothing")
        .isSameAs(places.locate(IpAddress.parse("1.0.0.1")));
  }

  @Test
  void theShippedTableStillReadsAsCountriesOnly() {
    IpCountryTable countriesOnly =
        IpCountryTable.parse(List.of("start_ip,end_ip,country", "1.0.0.0,1.0.0.255,AU"), "old.csv");

    assertThat(countriesOnly.locate(IpAddress.parse("1.0.0.1")))
        .isEqualTo(new IpLocation(CountryCode.of("AU"), null, null));
  }

  @Test
  void refusesALongCityNamingTheLine() {
    String city = "x".repeat(101);

    assertThatThrownBy(
            () -> IpCountryTable.parse(List.of("1.0.0.0,1.0.0.255,FR,," + city), "places.csv"))
        .hasMessage("places.csv line 1: city must be 1 to 100 characters, not 101");
  }
}
