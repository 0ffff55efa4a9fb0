package dev.levier.rtb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The OpenRTB request fixtures under {@code src/test/resources/openrtb} (see its README). */
final class OpenRtbFixtures {
  private OpenRtbFixtures() {}

  /** The names of the fixtures in a folder such as {@code invalid/}. */
  static List<String> names(String folder) {
    List<String> names = new ArrayList<>();
    for (String name : new String(bytes(folder), StandardCharsets.UTF_8).split("\n")) {
      if (!name.isBlank()) {
        names.add(name.strip());
      }
    }
    return names;
  }

  /** A fixture's bytes, by its path under {@code openrtb/}. */
  static byte[] bytes(String name) {
    try (InputStream in = OpenRtbFixtures.class.getResourceAsStream("/openrtb/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
