package dev.levier.tracking;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * User-agent substrings that mark a request as automated: crawlers, link previewers, monitoring and
 * HTTP libraries. A click whose user agent contains one, ignoring case, is not a person.
 *
 * <p>The {@link #defaults() default list} includes {@code curl/}, {@code wget} and the common HTTP
 * libraries, so a test or a demo that clicks with curl must send a browser user agent ({@code curl
 * -A 'Mozilla/5.0 ...'}) to be counted as a visit.
 */
public final class BotList {

  /** Shorter tokens match ordinary browsers by accident: "ko" is in every "like Gecko". */
  public static final int MIN_TOKEN_LENGTH = 3;

  private static final List<String> DEFAULT_TOKENS =
      List.of(
          // Generic marks: crawlers name themselves, and nearly all give a contact URL with
          // "+http".
          "bot/",
          "crawler",
          "spider",
          "+http",
          "headless",
          "phantomjs",
          "lighthouse",
          "selenium",
          "puppeteer",
          "playwright",
          // Search engines, including the ones whose names do not end in "bot/".
          "googlebot",
          "adsbot-google",
          "mediapartners-google",
          "google-inspectiontool",
          "googleother",
          "storebot-google",
          "feedfetcher-google",
          "apis-google",
          "bingbot",
          "bingpreview",
          "msnbot",
          "duckduckbot",
          "yandexbot",
          "slurp",
          "applebot",
          "petalbot",
          "seznambot",
          // Link previews of social networks and messengers.
          "facebookexternalhit",
          "facebot",
          "twitterbot",
          "linkedinbot",
          "slackbot",
          "discordbot",
          "telegrambot",
          "pinterestbot",
          "redditbot",
          "skypeuripreview",
          "embedly",
          // SEO tools, archives and AI crawlers.
          "ahrefsbot",
          "semrushbot",
          "mj12bot",
          "dotbot",
          "bytespider",
          "gptbot",
          "chatgpt-user",
          "claudebot",
          "ccbot",
          "amazonbot",
          "perplexitybot",
          "ia_archiver",
          "archive.org_bot",
          // Uptime monitors.
          "pingdom",
          "uptimerobot",
          "statuscake",
          "site24x7",
          // HTTP clients and scripts. curl/ is here on purpose: see the class comment.
          "curl/",
          "wget",
          "python-requests",
          "python-urllib",
          "python-httpx",
          "aiohttp",
          "scrapy",
          "go-http-client",
          "java/",
          "java-http-client",
          "okhttp",
          "apache-httpclient",
          "libwww-perl",
          "node-fetch",
          "axios/",
          "undici",
          "guzzlehttp",
          "postmanruntime",
          "httpie",
          "windowspowershell");

  private static final BotList DEFAULTS = new BotList(DEFAULT_TOKENS);

  private final List<String> tokens;
  private final TokenMatcher matcher;

  private BotList(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
    this.matcher = new TokenMatcher(this.tokens);
  }

  /** A built-in list of well-known crawlers, previewers, monitors and HTTP libraries. */
  public static BotList defaults() {
    return DEFAULTS;
  }

  /**
   * Reads one token per line, matched as a substring ignoring case. Text after {@code #} is a
   * comment; blank lines and repeated tokens are skipped.
   *
   * @param sourceName how errors name the list, such as its file name
   * @throws IllegalArgumentException naming the source and line of a token shorter than {@value
   *     #MIN_TOKEN_LENGTH} characters or not printable ASCII
   */
  public static BotList parse(Iterable<String> lines, String sourceName) {
    Set<String> tokens = new LinkedHashSet<>();
    int lineNumber = 0;
    for (String line : lines) {
      lineNumber++;
      String token = SourceText.content(line);
      if (token.isEmpty()) {
        continue;
      }
      if (!TokenMatcher.isPrintableAscii(token)) {
        throw SourceText.problem(
            sourceName,
            lineNumber,
            SourceText.quote(token, 0, token.length())
                + " is not printable ASCII, which user agents are written in");
      }
      if (token.length() < MIN_TOKEN_LENGTH) {
        throw SourceText.problem(
            sourceName,
            lineNumber,
            SourceText.quote(token, 0, token.length())
                + " is shorter than "
                + MIN_TOKEN_LENGTH
                + " characters and would match ordinary browsers");
      }
      tokens.add(token.toLowerCase(Locale.ROOT));
    }
    return new BotList(new ArrayList<>(tokens));
  }

  /** Whether the user agent contains one of the tokens; a missing user agent does not. */
  public boolean matches(@Nullable String userAgent) {
    return userAgent != null && matcher.containsAny(userAgent);
  }

  /** The tokens in lower case, in the order they were given. */
  public List<String> tokens() {
    return tokens;
  }

  @Override
  public String toString() {
    return "BotList[" + tokens.size() + " tokens]";
  }
}
