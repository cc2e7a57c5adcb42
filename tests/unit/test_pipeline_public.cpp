// The public build (`build --public`): only public post-mortems, and nothing internal in any byte
// of the site (README › The public build).
#include <doctest/doctest.h>

#include <regex>

#include "pipeline/build.hpp"
#include "support.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

using namespace hs;
using hs::test::TempDir;

namespace {

bool has(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

const Diagnostic* find_rule(const DiagnosticSink& sink, const std::string& rule) {
    static std::vector<Diagnostic> kept;
    kept = sink.sorted();
    for (const auto& d : kept)
        if (d.rule == rule) return &d;
    return nullptr;
}

// Every string the public site must not contain, read from the whole knowledge base by the
// same loader the build uses, but gathered here on their own: people, tickets, and the ids of
// post-mortems that are not public.
std::set<std::string> internal_words(const fs::path& root, Days as_of) {
    BuildOptions options;
    options.root = root;
    options.as_of = as_of;
    DiagnosticSink sink;
    CompileResult whole = analyse_site(options, sink);
    std::set<std::string> words;
    for (const auto& pm : whole.site.postmortems) {
        if (!pm.is_public || pm.status != "published") {
            words.insert(pm.id);
            for (const auto& alias : pm.aliases)
                words.insert(alias.written);
        }
        words.insert(pm.authors.begin(), pm.authors.end());
        words.insert(pm.facilitator.begin(), pm.facilitator.end());
        for (const auto& item : pm.action_items)
            for (const auto* word : {&item.owner, &item.ticket, &item.verified_by})
                if (!word->empty()) words.insert(*word);
    }
    return words;
}

BuildResult build_public(const fs::path& root, const fs::path& out, DiagnosticSink& sink,
                         Days as_of) {
    BuildOptions options;
    options.root = root;
    options.out = out;
    options.as_of = as_of;
    options.public_site = true;
    return build_site(options, sink);
}

}  // namespace

TEST_SUITE("pipeline::public") {
    TEST_CASE("the sample's public site has its public post-mortems and not one internal byte") {
        TempDir out;
        Days as_of = *parse_date(HS_SAMPLE_AS_OF);
        DiagnosticSink sink;
        auto result = build_public(hs::test::source_dir(), out / "site", sink, as_of);
        INFO((sink.sorted().empty() ? std::string() : sink.sorted().front().message));
        REQUIRE(result.status == k_exit_ok);  // the stale gate is the internal site's
        auto files = hs::test::read_tree(out / "site");

        std::set<std::string> pages;
        for (const auto& [path, bytes] : files)
            if (std::regex_match(path, std::regex("postmortems/[^/]+/index\\.html")) &&
                !has(bytes, "http-equiv=\"refresh\""))
                pages.insert(path);
        CHECK(pages == std::set<std::string>{"postmortems/PM-001/index.html",
                                             "postmortems/PM-016/index.html"});
        for (const char* gone : {"action-items/index.html", "owners/index.html", "about/index.html",
                                 "insights/index.html", "digest/index.html", "teams/index.html",
                                 "api/items.json", "api/items.csv", "api/items.ics"})
            CHECK_MESSAGE(!files.count(gone), std::string(gone));

        auto words = internal_words(hs::test::source_dir(), as_of);
        CHECK(words.count("priya.raman"));  // the list is not empty by mistake
        CHECK(words.count("NW-2230"));
        CHECK(words.count("PM-005"));
        size_t scanned = 0;
        for (const auto& [path, bytes] : files) {
            std::string lower = to_lower(bytes);
            for (const auto& word : words)
                CHECK_MESSAGE(!has(lower, to_lower(word)), word << " in " << path);
            scanned += bytes.size();
        }
        CHECK(scanned > 100000);

        std::string pm16 = files.at("postmortems/PM-016/index.html");
        // The internal note, the Response section, the link to an internal post-mortem as words.
        CHECK_FALSE(has(pm16, "10.4.2.17"));
        CHECK_FALSE(has(pm16, "id=\"response\""));
        CHECK(has(pm16, "introduced after the credential-stuffing attack in 2025)"));
        CHECK(has(pm16, "<h1>Customers signed out after a session-store failover"));
        CHECK(has(files.at("index.html"), "<title>Northwind incident reports</title>"));

        // The company's own site still has them all.
        TempDir whole;
        BuildOptions options;
        options.root = hs::test::source_dir();
        options.out = whole / "site";
        options.as_of = as_of;
        DiagnosticSink whole_sink;
        build_site(options, whole_sink);
        std::string internal16 = read_file(whole / "site/postmortems/PM-016/index.html").value();
        CHECK(has(internal16, "10.4.2.17"));
        CHECK(has(internal16, "id=\"response\""));
        CHECK(has(internal16, "status-public"));
        CHECK(has(internal16, "href=\"../PM-005/index.html\">the credential-stuffing attack"));
    }

    TEST_CASE("what a public page leaves out, and what links to the rest become") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("hindsight.yaml",
                 "title: Inside\nas_of: 2026-03-05\nbase_url: /inside/\n"
                 "fields:\n  account_manager: { type: string, internal: true }\n"
                 "  region: { type: string }\n"
                 "public:\n  title: Outside\n  base_url: https://status.example.com/\n"
                 "  internal_sections: [Response]\n");
        std::string body = hs::test::k_full_body;
        body.replace(body.find("## Summary\n\nText."), 17,
                     "## Summary\n\nSee [[PM-2]] and [[PM-2|the database outage]] and [[PM-3]].\n\n"
                     "```internal\nAsk ana.lima about NW-7.\n```");
        kb.write("content/postmortems/1.md",
                 hs::test::postmortem_text("PM-1",
                                           "visibility: public\nauthors: [bo.chen]\n"
                                           "facilitator: cy.diaz\naccount_manager: dee.evans\n"
                                           "region: eu-west\nrelated: [PM-2, PM-3]\n"
                                           "tags: [dns]\n",
                                           body));
        kb.write("content/postmortems/2.md", hs::test::postmortem_text("PM-2"));
        std::string draft = hs::test::postmortem_text("PM-3", "visibility: public\n");
        draft.replace(draft.find("status: published"), 17, "status: draft");
        kb.write("content/postmortems/3.md", draft);
        kb.write("content/postmortems/4.md",
                 hs::test::postmortem_text("PM-4", "visibility: public\n"));

        DiagnosticSink sink;
        auto result = build_public(kb.path(), kb / "public", sink, *parse_date("2026-03-05"));
        REQUIRE(result.status == k_exit_ok);
        auto files = hs::test::read_tree(kb / "public");
        CHECK(files.count("postmortems/PM-1/index.html"));
        CHECK(files.count("postmortems/PM-4/index.html"));
        CHECK_FALSE(files.count("postmortems/PM-2/index.html"));
        CHECK_FALSE(files.count("postmortems/PM-3/index.html"));  // public, but a draft

        std::string page = files.at("postmortems/PM-1/index.html");
        CHECK(has(page,
                  "See an unpublished post-mortem and the database outage and an unpublished "
                  "post-mortem."));
        for (const char* gone : {"PM-2", "PM-3", "ana.lima", "NW-7", "bo.chen", "cy.diaz",
                                 "dee.evans", "Account manager", "id=\"response\"", "Inside"})
            CHECK_MESSAGE(!has(page, gone), std::string(gone));
        CHECK(has(page, "eu-west"));  // a custom field not marked internal stays
        CHECK(has(page,
                  "<link rel=\"canonical\" href=\"https://status.example.com/postmortems/PM-1/"));
        CHECK(has(page, "Add a canary stage"));  // the item, without its owner
        CHECK_FALSE(has(page, "<th scope=\"col\">Owner</th>"));
        std::string json = files.at("api/postmortems.json");
        CHECK_FALSE(has(json, "bo.chen"));
        CHECK_FALSE(has(json, "account_manager"));
        CHECK_FALSE(has(files.at("search/meta.json"), "ana"));

        // The unlabelled links to PM-2 get a warning where they are written; PM-3 is a draft.
        std::vector<std::string> warned;
        for (const auto& d : sink.sorted())
            if (d.rule == "public.link")
                warned.push_back(d.pos.path.str() + ":" + std::to_string(d.pos.line) + ":" +
                                 std::to_string(d.pos.col));
        CHECK(warned == std::vector<std::string>{"content/postmortems/1.md:26:5",
                                                 "content/postmortems/1.md:26:51"});

        // --base-url wins over `public.base_url`, as it does over `base_url`.
        BuildOptions options;
        options.root = kb.path();
        options.out = kb / "public2";
        options.as_of = parse_date("2026-03-05");
        options.public_site = true;
        options.base_url = "https://example.org/ext/";
        DiagnosticSink sink2;
        REQUIRE(build_site(options, sink2).status == k_exit_ok);
        CHECK(has(read_file(kb / "public2/postmortems/PM-1/index.html").value_or(""),
                  "href=\"https://example.org/ext/postmortems/PM-1/"));
    }

    TEST_CASE("`public.hide` takes tags and action items off the public site") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("hindsight.yaml",
                 "title: T\nas_of: 2026-03-05\npublic: { hide: [tags, action-items] }\n");
        kb.write("content/postmortems/1.md",
                 hs::test::postmortem_text("PM-1", "visibility: public\ntags: [dns]\n"));
        DiagnosticSink sink;
        REQUIRE(build_public(kb.path(), kb / "public", sink, *parse_date("2026-03-05")).status ==
                k_exit_ok);
        auto files = hs::test::read_tree(kb / "public");
        std::string page = files.at("postmortems/PM-1/index.html");
        CHECK_FALSE(has(page, "Add a canary stage"));
        CHECK_FALSE(has(page, "hs-action-items-table"));
        CHECK_FALSE(has(page, "dns"));
        CHECK_FALSE(files.count("tags/dns/index.html"));
        CHECK_FALSE(has(files.at("index.html"), ">Tags</a>"));

        DiagnosticSink bad;
        kb.write("hindsight.yaml", "title: T\npublic: { hide: [owners] }\n");
        build_public(kb.path(), kb / "public", bad, *parse_date("2026-03-05"));
        const Diagnostic* d = find_rule(bad, "config.value");
        REQUIRE(d);
        CHECK(d->pos.line == 2);
        CHECK(has(d->message, "`public.hide` has `owners`"));
    }

    TEST_CASE(
        "an internal word written in a public post-mortem stops the build, where it is written") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        std::string body = hs::test::k_full_body;
        body.replace(body.find("## Impact\n\nText."), 16,
                     "## Impact\n\nThanks to ANA.LIMA for the fix (see PM-2).");
        kb.write(
            "content/postmortems/1.md",
            hs::test::postmortem_text("PM-1", "visibility: public\nauthors: [ana.lima]\n", body));
        kb.write("content/postmortems/2.md", hs::test::postmortem_text("PM-2"));
        DiagnosticSink sink;
        auto result = build_public(kb.path(), kb / "public", sink, *parse_date("2026-03-05"));
        CHECK(result.status == k_exit_content);
        CHECK_FALSE(fs::exists(kb / "public"));  // nothing written, not even the folder
        std::vector<std::string> found;
        for (const auto& d : sink.sorted())
            if (d.rule == "public.leak")
                found.push_back(d.pos.path.str() + ":" + std::to_string(d.pos.line) + ":" +
                                std::to_string(d.pos.col) + " " + d.message.substr(0, 13));
        // Not at `authors: [ana.lima]`, which the public page leaves out.
        CHECK(found == std::vector<std::string>{"content/postmortems/1.md:25:11 `ana.lima` (a",
                                                "content/postmortems/1.md:25:37 `PM-2` (the i"});

        // Written as a block list, the people are still lines the public page leaves out.
        kb.write("content/postmortems/1.md",
                 hs::test::postmortem_text("PM-1", "visibility: public\nauthors:\n  - ana.lima\n",
                                           body));
        DiagnosticSink block_sink;
        build_public(kb.path(), kb / "public", block_sink, *parse_date("2026-03-05"));
        const Diagnostic* at_body = find_rule(block_sink, "public.leak");
        REQUIRE(at_body);
        CHECK(at_body->pos.line == 26);  // the body's line, one lower than before

        // A setext heading names an internal section too: what is written under it is not
        // where the page shows the word.
        kb.write("hindsight.yaml", "title: T\npublic: { internal_sections: [Response] }\n");
        std::string setext = hs::test::k_full_body;
        setext.replace(setext.find("## Response\n\nText."), 19,
                       "Response\n--------\n\nana.lima was paged.");
        setext.replace(setext.find("## Systemic\n\nText."), 18,
                       "## Systemic\n\nThanks to ana.lima.");
        kb.write(
            "content/postmortems/1.md",
            hs::test::postmortem_text("PM-1", "visibility: public\nauthors: [ana.lima]\n", setext));
        DiagnosticSink setext_sink;
        build_public(kb.path(), kb / "public", setext_sink, *parse_date("2026-03-05"));
        const Diagnostic* shown = find_rule(setext_sink, "public.leak");
        REQUIRE(shown);
        CHECK(shown->pos.line == 45);  // "Thanks to ana.lima." in Systemic, not Response's line
        CHECK(shown->pos.col == 11);

        // A leak from the configuration: the page shows it, the post-mortem's file has not.
        kb.write("content/postmortems/1.md",
                 hs::test::postmortem_text("PM-1", "visibility: public\nauthors: [ana.lima]\n"));
        kb.write("hindsight.yaml", "title: T\npublic: { title: Reports by Ana.Lima }\n");
        DiagnosticSink config_sink;
        CHECK(
            build_public(kb.path(), kb / "public", config_sink, *parse_date("2026-03-05")).status ==
            k_exit_content);
        const Diagnostic* d = find_rule(config_sink, "public.leak");
        REQUIRE(d);
        CHECK(d->pos.path == "content/postmortems/1.md");
        CHECK(has(d->hint, "cannot be pointed at"));
    }

    TEST_CASE("the leak check finds names however the page writes them, and not ordinary words") {
        // PM-1 is public and says `text` in its Impact section (and `item` as its action item's
        // title); PM-2 is internal and has the people and aliases. The strings reported.
        auto leaks = [](const std::string& text, const std::string& pm2_extra = "",
                        const std::string& item = "") {
            TempDir kb;
            hs::test::write_minimal_kb(kb);
            std::string body = hs::test::k_full_body;
            body.replace(body.find("## Impact\n\nText."), 16, "## Impact\n\n" + text);
            std::string pm1 = hs::test::postmortem_text("PM-1", "visibility: public\n", body);
            if (!item.empty()) pm1.replace(pm1.find("Add a canary stage"), 18, item);
            kb.write("content/postmortems/1.md", pm1);
            std::string pm2 = hs::test::postmortem_text(
                "PM-2",
                "authors: [\"Sean O'Brien\", ana.lima, \"Ólafur Arnalds\", max]\n"
                "facilitator: \"Priya Raman (SRE)\"\n" +
                    pm2_extra);
            pm2.replace(pm2.find("    verify:"), 0, "    ticket: \"39\"\n");  // a GitHub issue
            kb.write("content/postmortems/2.md", pm2);
            DiagnosticSink sink;
            build_public(kb.path(), kb / "public", sink, *parse_date("2026-03-05"));
            std::vector<std::string> found;
            for (const auto& d : sink.sorted())
                if (d.rule == "public.leak")
                    found.push_back(d.message.substr(1, d.message.find('`', 1) - 1));
                else if (d.severity == Severity::error)
                    found.push_back("error: " + d.message);
            return found;
        };
        using list = std::vector<std::string>;
        auto curly = leaks("Thanks to ana.lima’s fix — see “PM-2”.");
        CHECK_MESSAGE((curly == list{"ana.lima", "PM-2"}), join(curly, " | "));
        CHECK(leaks("Text.", "", "Ask Sean O'Brien to add a canary") == list{"Sean O'Brien"});
        CHECK(leaks("Priya\nRaman saw it first.") == list{"Priya Raman"});
        CHECK(leaks("Thanks to ana.**lima**.") == list{"ana.lima"});
        CHECK(leaks("ÓLAFUR ARNALDS was paged.") == list{"Ólafur Arnalds"});
        CHECK(leaks("Same as PM-42.", "aliases: [/postmortems/PM-42/]\n") == list{"PM-42"});
        // A GitHub issue number, and a person whose handle is an ordinary word, are not looked
        // for: `#39` is also how HTML writes an apostrophe, and max is a word.
        CHECK(leaks("It's replica #39 at max load.", "related: []\n") == list{});
    }

    TEST_CASE("a knowledge base with no public post-mortem builds an empty public site, warned") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/1.md", hs::test::postmortem_text("PM-1"));
        DiagnosticSink sink;
        REQUIRE(build_public(kb.path(), kb / "public", sink, *parse_date("2026-03-05")).status ==
                k_exit_ok);
        CHECK(find_rule(sink, "public.empty"));
        CHECK_FALSE(fs::exists(kb / "public/postmortems/PM-1"));
    }

    TEST_CASE("`visibility` is public or internal") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("content/postmortems/1.md",
                 hs::test::postmortem_text("PM-1", "visibility: customers\n"));
        DiagnosticSink sink;
        build_public(kb.path(), kb / "public", sink, *parse_date("2026-03-05"));
        REQUIRE(sink.has_errors());
        auto d = sink.sorted().front();
        CHECK(d.pos.path == "content/postmortems/1.md");
        CHECK(d.pos.line == 9);
        CHECK(d.pos.col == 13);
        CHECK(has(d.message, "customers"));
    }
}
