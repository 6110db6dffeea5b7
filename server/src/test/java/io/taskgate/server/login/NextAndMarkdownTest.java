package io.taskgate.server.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where sign-in may send the browser next, and what the description's markdown may become. */
class NextAndMarkdownTest {

    @Test
    void onlyOurGrantAndAuthorizePages_areFollowed() {
        assertThat(Next.safe("/login?target=x&description=y")).isEqualTo("/login?target=x&description=y");
        assertThat(Next.safe("/oauth/authorize?client_id=a")).isEqualTo("/oauth/authorize?client_id=a");
        for (String bad : List.of("https://evil.example/", "//evil.example/login?", "/\\evil.example", "/login", "/api/auth/v1/clients",
                "/login?x\r\nSet-Cookie: a=b", "/loginx?", "")) {
            assertThat(Next.safe(bad)).as(bad).isEqualTo("/login/account");
        }
        assertThat(Next.safe(null)).isEqualTo("/login/account");
    }

    @Test
    void markdown_isRendered_butHtmlAndScriptUrlsAreDefused() {
        assertThat(Markdown.render("# Title\n**bold** and `code`")).isEqualTo("<h1>Title</h1>\n<p><strong>bold</strong> and <code>code</code></p>\n");
        assertThat(Markdown.render("<script>alert(1)</script>")).doesNotContain("<script").contains("&lt;script&gt;");
        assertThat(Markdown.render("<img src=x onerror=alert(1)>")).doesNotContain("<img").contains("&lt;img");
        assertThat(Markdown.render("[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](vbscript:x) [d](data:text/html,x)"))
                .doesNotContainIgnoringCase("javascript:").doesNotContain("vbscript:").doesNotContain("data:text/html");
        assertThat(Markdown.render("![x](javascript:alert(1))")).doesNotContain("javascript:");
        assertThat(Markdown.render("[docs](https://example.org/a?b=1&c=2)"))
                .contains("<a rel=\"nofollow noopener noreferrer\" href=\"https://example.org/a?b=1&amp;c=2\">docs</a>");
        assertThat(Markdown.render("\"><svg onload=alert(1)>")).doesNotContain("<svg");
    }
}
