package dev.levier.tracking;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Tells the kind of device from a user agent, by the tokens browsers have written into it for
 * years. It reads the user agent once, ignoring ASCII case, with no regular expression and no
 * lower-cased copy, because it runs on every click.
 *
 * <p>It cannot be more exact than the user agent: Safari on an iPad since iPadOS 13 and Chrome's
 * "desktop site" on a phone present themselves as desktop browsers and are classified so, and
 * Android devices that are neither phones nor tablets (televisions, cars) count as tablets.
 */
public final class UserAgents {
  private UserAgents() {}

  // Token indexes; TOKENS below must list them in this order.
  private static final int IPAD = 0;
  private static final int IPHONE = 1;
  private static final int IPOD = 2;
  private static final int ANDROID = 3;
  private static final int MOBI = 4;
  private static final int TABLET = 5;
  private static final int TABLET_PC = 6;
  private static final int KINDLE = 7;
  private static final int SILK = 8;
  private static final int PLAYBOOK = 9;
  private static final int WINDOWS_PHONE = 10;
  private static final int IEMOBILE = 11;
  private static final int OPERA_MINI = 12;
  private static final int BLACKBERRY = 13;
  private static final int BB10 = 14;
  private static final int SYMBIAN = 15;
  private static final int MIDP = 16;
  private static final int WINDOWS_NT = 17;
  private static final int MACINTOSH = 18;
  private static final int X11 = 19;
  private static final int CROS = 20;

  private static final TokenMatcher TOKENS =
      new TokenMatcher(
          List.of(
              "ipad",
              "iphone",
              "ipod",
              "android",
              // "Mobi" is what Mozilla recommends looking for: it covers "Mobile" and "Opera Mobi".
              "mobi",
              "tablet",
              // Older Internet Explorer on Windows laptops with a pen says "Tablet PC 2.0".
              "tablet pc",
              "kindle",
              "silk/",
              "playbook",
              "windows phone",
              "iemobile",
              "opera mini",
              "blackberry",
              "bb10",
              "symbian",
              "midp",
              "windows nt",
              "macintosh",
              "x11",
              "cros "));

  private static final long ANY_TABLET = bits(KINDLE, SILK, PLAYBOOK);
  private static final long ANY_PHONE =
      bits(IPHONE, IPOD, WINDOWS_PHONE, IEMOBILE, OPERA_MINI, BLACKBERRY, BB10, SYMBIAN, MIDP);
  private static final long ANY_DESKTOP = bits(WINDOWS_NT, MACINTOSH, X11, CROS);

  /**
   * The device type of a user agent: {@code BOT} when the bot list matches, whatever else it says;
   * {@code UNKNOWN} when it is missing, blank or names no known platform.
   */
  public static DeviceType classify(@Nullable String userAgent, BotList bots) {
    if (userAgent == null || userAgent.isBlank()) {
      return DeviceType.UNKNOWN;
    }
    if (bots.matches(userAgent)) {
      return DeviceType.BOT;
    }
    long found = TOKENS.presentMask(userAgent);
    if (has(found, IPAD)) {
      return DeviceType.TABLET;
    }
    if ((found & ANY_PHONE) != 0) {
      // Windows Phone also says "Android" and "iPhone"; every one of these is a phone.
      return DeviceType.MOBILE;
    }
    if (has(found, ANDROID)) {
      // Android phones' browsers say "Mobile"; tablets' leave it out.
      return has(found, MOBI) ? DeviceType.MOBILE : DeviceType.TABLET;
    }
    if ((found & ANY_TABLET) != 0 || (has(found, TABLET) && !has(found, TABLET_PC))) {
      return DeviceType.TABLET;
    }
    if (has(found, MOBI)) {
      return DeviceType.MOBILE;
    }
    if ((found & ANY_DESKTOP) != 0) {
      return DeviceType.DESKTOP;
    }
    return DeviceType.UNKNOWN;
  }

  private static boolean has(long found, int token) {
    return (found & 1L << token) != 0;
  }

  private static long bits(int... tokens) {
    long mask = 0;
    for (int token : tokens) {
      mask |= 1L << token;
    }
    return mask;
  }
}
