package dev.levier.tracking;

import dev.levier.config.TrackingSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The reference lists the click path consults: IP ranges to countries, bot user agents and
 * data-centre ranges. Each comes from the operator's file when one is configured, else from the
 * small defaults that ship with Levier (see {@code docs/tracking.md} for what they cover and how to
 * load a full table).
 */
public record TrackingLists(IpCountryTable countries, BotList bots, IpRanges datacenters) {

  public static TrackingLists load(TrackingSettings settings) {
    return new TrackingLists(
        IpCountryTable.parse(
            lines(settings.ipCountryFile(), "/tracking/ip-countries.csv"),
            name(settings.ipCountryFile(), "ip-countries.csv")),
        settings.botAgentsFile() == null
            ? BotList.defaults()
            : BotList.parse(
                lines(settings.botAgentsFile(), ""), name(settings.botAgentsFile(), "")),
        IpRanges.parseCidrs(
            lines(settings.datacenterFile(), "/tracking/datacenters.txt"),
            name(settings.datacenterFile(), "datacenters.txt")));
  }

  private static String name(@Nullable Path file, String resource) {
    return file == null ? "built-in " + resource : file.toString();
  }

  private static List<String> lines(@Nullable Path file, String resource) {
    try {
      if (file != null) {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
      }
      try (InputStream in = TrackingLists.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " is missing from the build");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
            .lines()
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
