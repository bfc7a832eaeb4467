package dev.bindery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The web page served by the distribution, in a real headless browser (Debian's chromium through chromedriver): a
 * question about an attached image is answered in a stream that appears piece by piece, equals the API's greedy
 * answer to the same request, and the timings table fills in. The screenshot is kept as
 * {@code itests/target/http-page.png}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class HttpPageIT extends BinderyTestSupport {
    private static final int TOKENS = 16;

    @Inject
    ConfigurationAdmin configAdmin;

    @Test
    @SuppressWarnings("unchecked")
    public void pageStreamsAnAnswerAboutAnAttachedImage() throws Exception {
        Path golden = Paths.get(System.getProperty("bindery.golden.dir"));
        Path image = golden.resolve("preprocess/inputs/vision/chelsea.png");
        try (HttpFixture fixture = new HttpFixture(context, configAdmin, golden)) {
            fixture.configureGoldenModels();
            HttpApiClient.Reply expected = fixture.client.post("/v1/chat/completions", Map.of("messages",
                    List.of(Map.of("role", "user", "content", List.of(Map.of("type", "text", "text",
                            "What is in this picture?"), HttpIT.part("image", image, 1)))),
                    "temperature", 0, "max_tokens", TOKENS));
            assertEquals(expected.toString(), 200, expected.status);
            String answer = (String) ((Map<String, Object>) ((Map<String, Object>) ((List<Object>) expected.json()
                    .get("choices")).get(0)).get("message")).get("content");

            try (HttpWebDriver browser = new HttpWebDriver()) {
                browser.open(fixture.client.url("/"));
                browser.type(browser.find("#files"), image.toString());
                String temperature = browser.find("#temperature");
                browser.clear(temperature);
                browser.type(temperature, "0");
                String maxTokens = browser.find("#max_tokens");
                browser.clear(maxTokens);
                browser.type(maxTokens, String.valueOf(TOKENS));
                browser.type(browser.find("#prompt"), "What is in this picture?");
                // Count the updates of the answer as they stream in, until the page marks it done.
                Object watched = browser.executeAsync(
                        "const done = arguments[arguments.length - 1];"
                        + "let updates = 0;"
                        + "const log = document.getElementById('log');"
                        + "new MutationObserver(() => {"
                        + "  const a = log.querySelector('.msg.assistant');"
                        + "  const e = log.querySelector('.msg.error');"
                        + "  if (e) { done({error: e.textContent}); return; }"
                        + "  if (!a) { return; }"
                        + "  updates++;"
                        + "  if (a.classList.contains('done')) {"
                        + "    done({text: a.querySelector('.text').textContent, updates: updates,"
                        + "      timings: document.getElementById('timings').textContent,"
                        + "      attachments: document.querySelectorAll('.attachment').length});"
                        + "  }"
                        + "}).observe(log, {childList: true, subtree: true, characterData: true, attributes: true});"
                        + "document.getElementById('send').click();");
                byte[] png = browser.screenshot();
                Path shot = artifacts().resolve("http-page.png");
                Files.write(shot, png);
                Map<String, Object> result = (Map<String, Object>) watched;
                assertTrue("the page reported an error: " + result, !result.containsKey("error"));
                assertEquals(1, ((Number) result.get("attachments")).intValue());
                assertEquals("the page shows the API's greedy answer", answer, result.get("text"));
                assertTrue("the answer streamed in pieces: " + result, ((Number) result.get("updates")).intValue() > 2);
                String timings = (String) result.get("timings");
                assertTrue(timings, timings.contains("encode.image") && timings.contains("decode"));
                assertTrue("screenshot " + shot, png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
            }
        }
    }

    /** itests/target when the container is unpacked under target/exam (as the build does), else the temp folder. */
    private static Path artifacts() throws Exception {
        Path base = Paths.get(System.getProperty("karaf.base", ".")).toAbsolutePath();
        Path exam = base.getParent();
        if (exam != null && exam.getFileName() != null && exam.getFileName().toString().equals("exam")
                && exam.getParent() != null) {
            return exam.getParent();
        }
        return Files.createDirectories(Paths.get(System.getProperty("java.io.tmpdir")));
    }
}
