#include <doctest/doctest.h>

#include <thread>

#include "markdown/markdown.hpp"
#include "util/parallel.hpp"

using namespace hs;

namespace {

// Uses every extension: a table, strikethrough, autolinks, a task list, tag filtering.
std::string every_extension(int n) {
    std::string i = std::to_string(n);
    return "## Timeline " + i + "\n\n| Time | Event |\n|---|---|\n| 10:0" + i.substr(0, 1) +
           " | ~~rolled~~ back |\n\nSee www.example.com/" + i + " and https://status.example.com/" +
           i + ".\n\n- [x] done " + i +
           "\n- [ ] open ~one~\n\n<xmp>raw</xmp>\n\n### Notes\n\n`code " + i + "`\n";
}

}  // namespace

TEST_SUITE("markdown::markdown") {
    TEST_CASE("a surprise section keeps its first paragraph's words; other sections none") {
        auto r = render_markdown(
            "## Summary\n\nThe *disk* filled.\n\n## SURPRISES\n\nWe believed\nthe `alert` "
            "fired.\n\nA second paragraph.\n\n## Surprise\n\n- a list, not a paragraph\n",
            {});
        REQUIRE(r.sections.size() == 3);
        CHECK(r.sections[0].lead.empty());
        CHECK(r.sections[1].lead == "We believed the alert fired.");
        CHECK(r.sections[2].lead.empty());
        CHECK(is_surprise("surprise"));
        CHECK_FALSE(is_surprise("Surprised"));
    }

    TEST_CASE("GFM extensions render") {
        auto r = render_markdown(every_extension(7), {});
        CHECK(r.html.str().find("<table>") != std::string::npos);
        CHECK(r.html.str().find("<del>rolled</del>") != std::string::npos);
        CHECK(r.html.str().find("<a href=\"http://www.example.com/7\">") != std::string::npos);
        CHECK(r.html.str().find("<a href=\"https://status.example.com/7\">") != std::string::npos);
        CHECK(r.html.str().find("type=\"checkbox\" checked=\"\"") != std::string::npos);
    }

    TEST_CASE("task boxes are labelled and code blocks reachable by keyboard") {
        auto r = render_markdown("- [x] alert added\n- [ ] runbook\n\n```\nlong line\n```\n", {});
        CHECK(r.html.str().find(
                  "<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"done\" />") !=
              std::string::npos);
        CHECK(r.html.str().find(
                  "<input type=\"checkbox\" disabled=\"\" aria-label=\"not done\" />") !=
              std::string::npos);
        CHECK(r.html.str().find("<pre tabindex=\"0\">") != std::string::npos);
        // Text that only looks like the markup stays text.
        auto t = render_markdown("`<pre>` and <pre>\n", {});
        CHECK(t.html.str().find("tabindex") == std::string::npos);
    }

    TEST_CASE("an image whose URL safe mode removed leaves its alt text, not an empty src") {
        auto r = render_markdown("![the graph](javascript:alert(1)) and ![x](ok.png)\n", {});
        CHECK(r.html.str().find("<img src=\"\"") == std::string::npos);
        CHECK(r.html.str().find("<p>the graph and <img src=\"ok.png\" alt=\"x\" /></p>") !=
              std::string::npos);
    }

    TEST_CASE("a mermaid block becomes a diagram's readable source; other code stays code") {
        auto r = render_markdown(
            "```mermaid\nflowchart LR\n  a[\"<script>x</script>\"] --> b\n```\n\n"
            "```python\nx = 1\n```\n",
            {});
        CHECK(r.has_diagram);
        CHECK(r.html.str().find("<pre class=\"mermaid\" tabindex=\"0\">flowchart LR\n  "
                                "a[&quot;&lt;script&gt;x&lt;/script&gt;&quot;] --&gt; b\n</pre>") !=
              std::string::npos);
        CHECK(r.html.str().find("<code class=\"language-python\">x = 1") != std::string::npos);
        CHECK_FALSE(render_markdown("```python\nx = 1\n```\n", {}).has_diagram);
    }

    TEST_CASE("headings get unique ids, self-links and a table of contents") {
        auto r = render_markdown("## Summary\n\ntext\n\n## Time *line*\n\n## Summary\n", {});
        CHECK(
            r.html.str().find("<h2 id=\"summary\">Summary <a class=\"anchor\" href=\"#summary\"") !=
            std::string::npos);
        CHECK(r.html.str().find("<h2 id=\"time-line\">Time <em>line</em> <a") != std::string::npos);
        CHECK(r.html.str().find("<h2 id=\"summary-1\">") != std::string::npos);
        REQUIRE(r.toc.size() == 3);
        CHECK(r.toc[1].text == "Time line");
        CHECK(r.toc[2].anchor == "summary-1");
    }

    TEST_CASE("heading ids never repeat and keep clear of footnote and theme ids") {
        auto r = render_markdown("## Summary\n## Summary\n## Summary 1\n## Fn 1\n## HS main\n", {});
        REQUIRE(r.toc.size() == 5);
        CHECK(r.toc[0].anchor == "summary");
        CHECK(r.toc[1].anchor == "summary-1");
        CHECK(r.toc[2].anchor == "summary-1-1");
        CHECK(r.toc[3].anchor == "section-fn-1");
        CHECK(r.toc[4].anchor == "section-hs-main");
    }

    TEST_CASE("raw HTML and dangerous URLs are omitted unless allowed") {
        std::string md =
            "<script>alert(1)</script>\n\nHi <b onclick=\"x()\">there</b> "
            "[click](javascript:alert(1)) ![i](vbscript:x)\n";
        auto safe = render_markdown(md, {});
        CHECK(safe.html.str().find("<script") == std::string::npos);
        CHECK(safe.html.str().find("onclick") == std::string::npos);
        CHECK(safe.html.str().find("javascript:") == std::string::npos);
        CHECK(safe.html.str().find("vbscript:") == std::string::npos);
        CHECK(safe.html.str().find("raw HTML omitted") != std::string::npos);
        auto raw = render_markdown("Hi <b>there</b>\n", {.raw_html = true});
        CHECK(raw.html.str().find("<b>there</b>") != std::string::npos);
        // Even with raw HTML on, the tagfilter extension disarms <script>.
        auto filtered = render_markdown("<script>alert(1)</script>\n", {.raw_html = true});
        CHECK(filtered.html.str().find("<script>") == std::string::npos);
    }

    TEST_CASE("rendering on many threads gives the same HTML as on one") {
        // libcmark-gfm's extension table is process-global; without the parse lock this lost
        // strikethrough and autolinks on some files, differently on every run.
        const int k_docs = 400;
        std::vector<std::string> expected(k_docs);
        for (int i = 0; i < k_docs; ++i)
            expected[i] = render_markdown(every_extension(i), {}).html.str();
        for (int run = 0; run < 10; ++run) {
            std::vector<std::string> got(k_docs);
            parallel_for(k_docs, 8, [&](size_t i) {
                got[i] = render_markdown(every_extension(int(i)), {}).html.str();
            });
            int differing = 0;
            for (int i = 0; i < k_docs; ++i)
                differing += got[i] != expected[i];
            CHECK(differing == 0);
        }
    }
}

TEST_SUITE("markdown::markdown") {
    TEST_CASE("wiki links resolve to links, stay literal in code, and report their positions") {
        MarkdownOptions options;
        options.resolve = [](const std::string& id) -> std::optional<LinkTarget> {
            if (id == "PM-1") return LinkTarget{"../PM-1/index.html", "Disk <full>"};
            return std::nullopt;
        };
        std::string md =
            "Intro\n\nSee [[PM-1]] and `[[PM-1]]`, then\n  also [[PM-1|the disk one]] and "
            "[[PM-9]].\n\n"
            "```\n[[PM-1]]\n```\n";
        auto r = render_markdown(md, options);
        CHECK(r.html.str().find("See <a href=\"../PM-1/index.html\">Disk &lt;full&gt;</a> and "
                                "<code>[[PM-1]]</code>") != std::string::npos);
        CHECK(r.html.str().find(
                  "also <a href=\"../PM-1/index.html\">the disk one</a> and [[PM-9]].") !=
              std::string::npos);
        CHECK(r.html.str().find("<pre tabindex=\"0\"><code>[[PM-1]]\n</code></pre>") !=
              std::string::npos);
        REQUIRE(r.wiki_links.size() == 3);
        CHECK(r.wiki_links[0].line == 3);
        CHECK(r.wiki_links[0].col == 5);
        CHECK(r.wiki_links[1].label == "the disk one");
        CHECK(r.wiki_links[1].line == 4);
        CHECK(r.wiki_links[1].col == 8);  // after the two spaces of indent
        CHECK_FALSE(r.wiki_links[2].resolved);
        CHECK(r.wiki_links[2].target == "PM-9");
        CHECK(r.wiki_links[2].col == 34);
    }
}
