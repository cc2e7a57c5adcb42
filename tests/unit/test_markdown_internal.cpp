// Internal notes: ```internal blocks and sections the public build leaves out (README › The
// public build).
#include <doctest/doctest.h>

#include "markdown/markdown.hpp"

using namespace hs;

namespace {

bool has(const std::string& html, const std::string& what) {
    return html.find(what) != std::string::npos;
}

const std::string k_doc =
    "## Summary\n"                                                    // 1
    "\n"                                                              // 2
    "Public words.\n"                                                 // 3
    "\n"                                                              // 4
    "````internal\n"                                                  // 5
    "Paged **ana** at 19:14; see [[PM-9]] and [the log](log.txt).\n"  // 6
    "\n"                                                              // 7
    "```text\n"                                                       // 8
    "10.4.2.17 asks for sync\n"                                       // 9
    "```\n"                                                           // 10
    "````\n"                                                          // 11
    "\n"                                                              // 12
    "After the note, [[PM-9]].\n"                                     // 13
    "\n"                                                              // 14
    "## Response\n"                                                   // 15
    "\n"                                                              // 16
    "Who decided what, by name.\n"                                    // 17
    "\n"                                                              // 18
    "### Pager log\n"                                                 // 19
    "\n"                                                              // 20
    "More names.\n"                                                   // 21
    "\n"                                                              // 22
    "## Systemic\n"                                                   // 23
    "\n"                                                              // 24
    "Kept.\n";                                                        // 25

MarkdownOptions options(bool public_only) {
    MarkdownOptions o;
    o.public_only = public_only;
    o.internal_sections = {"response"};
    o.resolve = [](const std::string& id) -> std::optional<LinkTarget> {
        if (id == "PM-9") return LinkTarget{"../PM-9/index.html", "Nine"};
        return std::nullopt;
    };
    return o;
}

}  // namespace

TEST_SUITE("markdown::internal") {
    TEST_CASE("the company's site shows an internal block as Markdown in a labelled aside") {
        auto r = render_markdown(k_doc, options(false));
        CHECK(has(r.html.str(), "<aside class=\"internal-note\" aria-label=\"Internal note\">"));
        CHECK(has(r.html.str(), "Internal: left out of the public site"));
        CHECK(has(r.html.str(), "Paged <strong>ana</strong> at 19:14"));  // Markdown, not code
        CHECK(has(r.html.str(), "<code class=\"language-text\">10.4.2.17 asks for sync"));
        CHECK(has(r.html.str(), "</aside>\n<p>After the note"));
        CHECK_FALSE(has(r.html.str(), "hs-internal"));       // the markers are gone
        CHECK_FALSE(has(r.html.str(), "raw HTML omitted"));  // and not shown as omitted HTML
        // What is inside keeps its place in the file: links and wiki links are found where
        // they were written, for errors about them.
        REQUIRE(r.wiki_links.size() == 2);
        CHECK(r.wiki_links[0].line == 6);
        CHECK(r.wiki_links[0].col == 29);
        CHECK(r.wiki_links[1].line == 13);
        REQUIRE(r.links.size() == 1);
        CHECK(r.links[0].url == "log.txt");
        CHECK(r.links[0].line == 6);
        CHECK(r.links[0].col == 52);
        CHECK(has(r.text.str(), "Paged"));  // searchable on the company's site
        // Sections are unaffected: Response is shown on the company's site.
        REQUIRE(r.sections.size() == 3);
        CHECK(r.sections[1].title == "Response");
        CHECK(has(r.html.str(), "Who decided what"));
    }

    TEST_CASE("the public build leaves internal blocks and named sections out entirely") {
        auto r = render_markdown(k_doc, options(true));
        CHECK_FALSE(has(r.html.str(), "internal-note"));
        CHECK_FALSE(has(r.html.str(), "ana"));
        CHECK_FALSE(has(r.html.str(), "10.4.2.17"));
        CHECK_FALSE(has(r.html.str(), "Who decided"));
        CHECK_FALSE(has(r.html.str(), "More names"));  // a ### under the section goes with it
        CHECK_FALSE(has(r.text.str(), "Paged"));
        CHECK_FALSE(has(r.text.str(), "Who decided"));
        CHECK(has(r.html.str(), "Public words."));
        CHECK(has(r.html.str(), "After the note"));
        CHECK(has(r.html.str(), "Kept."));
        CHECK(r.links.empty());  // the log link was inside the note
        REQUIRE(r.wiki_links.size() == 1);
        CHECK(r.wiki_links[0].line == 13);
        REQUIRE(r.sections.size() == 2);
        CHECK(r.sections[0].title == "Summary");
        CHECK(r.sections[1].title == "Systemic");
        for (const auto& entry : r.toc)
            CHECK(entry.text != "Pager log");
    }

    TEST_CASE(
        "an internal block left open is labelled code on the company's site, gone when public") {
        std::string text = "Before.\n\n```internal\nsecret words\n";
        auto shown = render_markdown(text, options(false));
        CHECK(has(shown.html.str(), "Internal: left out of the public site</p>\n<pre"));
        CHECK(has(shown.html.str(), "secret words"));
        auto hidden = render_markdown(text, options(true));
        CHECK_FALSE(has(hidden.html.str(), "secret words"));
        CHECK(has(hidden.html.str(), "Before."));
    }

    TEST_CASE("a note whose Markdown would swallow what follows it is shown as code instead") {
        // An inner fence never closed, and an HTML block that only ends at its closing tag:
        // parsed as Markdown, either would run past the note and take the sections after it.
        for (std::string inner : {"```text\nlog line\n", "<pre> from the LB:\nlog line\n"}) {
            std::string text = "## Summary\n\n````internal\n" + inner +
                               "````\n\n## Impact\n\nCustomers saw errors.\n";
            auto r = render_markdown(text, options(false));
            CAPTURE(inner);
            CHECK(has(r.html.str(), "Internal: left out of the public site</p>\n<pre"));
            CHECK(has(r.html.str(), "log line"));
            CHECK(has(r.html.str(), "<h2 id=\"impact\">"));
            CHECK(has(r.html.str(), "<p>Customers saw errors.</p>"));
            CHECK_FALSE(has(r.html.str(), "hs-internal"));
            CHECK_FALSE(has(r.html.str(), "raw HTML omitted"));
            REQUIRE(r.sections.size() == 2);
            CHECK(r.sections[1].title == "Impact");
        }
    }

    TEST_CASE("footnotes and link definitions written in an internal section go with it") {
        std::string text =
            "## Summary\n\nSee the note.[^1] And [the board][dash].\n\n## Response\n\n"
            "[^1]: SECRETWORD pager log\n\n[dash]: https://grafana.corp/SECRETWORD\n\n"
            "Only here.[^2]\n\n[^2]: also secret\n\n## Systemic\n\nKept.\n";
        auto r = render_markdown(text, options(true));
        CHECK_FALSE(has(r.html.str(), "SECRETWORD"));
        CHECK_FALSE(has(r.html.str(), "also secret"));
        CHECK_FALSE(has(r.html.str(), "fnref"));  // no footnote left to link back to
        CHECK(has(r.html.str(), "Kept."));
        REQUIRE(r.sections.size() == 2);
        CHECK(r.sections[1].line == 15);  // lines keep their numbers
        auto shown = render_markdown(text, options(false));
        CHECK(has(shown.html.str(), "SECRETWORD pager log"));
    }

    TEST_CASE("internal blocks nest in lists and quotes, and `~~~internal` counts too") {
        std::string text =
            "- item\n\n  ```internal\n  in a list\n  ```\n\n> quoted\n>\n> ~~~ Internal\n> in a "
            "quote\n> ~~~\n";
        auto shown = render_markdown(text, options(false));
        CHECK(has(shown.html.str(), "<li>\n<p>item</p>\n<aside class=\"internal-note\""));
        CHECK(has(shown.html.str(), "<p>in a list</p>"));
        CHECK(has(shown.html.str(), "<p>in a quote</p>"));
        auto hidden = render_markdown(text, options(true));
        CHECK_FALSE(has(hidden.html.str(), "in a list"));
        CHECK_FALSE(has(hidden.html.str(), "in a quote"));
        CHECK(has(hidden.html.str(), "quoted"));
    }

    TEST_CASE("a code block of another language, or `internal` written later, stays code") {
        auto r =
            render_markdown("```text internal\nkept\n```\n\n```\ninternal\n```\n", options(true));
        CHECK(has(r.html.str(), "kept"));
        CHECK(has(r.html.str(), "<code>internal\n</code>"));
    }

    TEST_CASE("a wiki link to a page the site does not have is its label, as plain text") {
        MarkdownOptions o;
        o.resolve = [](const std::string&) -> std::optional<LinkTarget> {
            return LinkTarget{"", "an unpublished post-mortem"};
        };
        auto r = render_markdown("After [[PM-5]] and [[PM-6|the March outage]].\n", o);
        CHECK(has(r.html.str(), "<p>After an unpublished post-mortem and the March outage.</p>"));
        CHECK_FALSE(has(r.html.str(), "<a"));
        CHECK_FALSE(has(r.html.str(), "PM-5"));
        REQUIRE(r.wiki_links.size() == 2);
        CHECK(r.wiki_links[0].resolved);
    }
}
