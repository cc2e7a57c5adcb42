#include "pipeline/build.hpp"

#include <future>

#include "analysis/action_items.hpp"
#include "analysis/analysis.hpp"
#include "analysis/links.hpp"
#include "analysis/lint.hpp"
#include "analysis/references.hpp"
#include "analysis/taxonomy.hpp"
#include "content/loader.hpp"
#include "pipeline/build_cache.hpp"
#include "pipeline/memo_store.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include "output/link_check.hpp"
#include "render/site_renderer.hpp"
#include "render/theme.hpp"
#include "render/urls.hpp"
#include "util/parallel.hpp"

namespace hs {
namespace {

// Putting the site on disk failed (rather than making it).
struct WriteError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// fn(), with whatever it throws reported as a WriteError: it only touches the output folder.
template <class Fn>
auto writing(Fn&& fn) {
    try {
        return fn();
    } catch (const std::exception& e) {
        throw WriteError(e.what());
    }
}

// Runs one named step and records how long it took.
template <class Fn>
auto timed(std::vector<StepTime>& steps, std::string name, Fn&& fn) {
    auto start = std::chrono::steady_clock::now();
    auto record = [&] {
        steps.push_back({std::move(name), std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::steady_clock::now() - start)});
    };
    if constexpr (std::is_void_v<decltype(fn())>) {
        fn();
        record();
    } else {
        auto result = fn();
        record();
        return result;
    }
}

struct Step {
    const char* name;
    std::function<void()> run;
};

// Runs steps that do not depend on one another side by side, on up to `jobs` threads (a step
// may use threads of its own); longest first, so the short ones fill the other thread. Each
// step's own time is recorded, in the order given. Most of these steps go over every
// post-mortem on one thread: one after the other, they left a core idle for a third of a
// save in `serve`.
void side_by_side(std::vector<StepTime>& steps, unsigned jobs, std::vector<Step> list) {
    std::vector<std::chrono::milliseconds> took(list.size());
    parallel_for(list.size(), jobs, [&](size_t i) {
        auto start = std::chrono::steady_clock::now();
        list[i].run();
        took[i] = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
    });
    for (size_t i = 0; i < list.size(); ++i)
        steps.push_back({list[i].name, took[i]});
}

Config configure(const BuildOptions& options, DiagnosticSink& sink) {
    Config config = load_config(options.root, sink);
    if (options.base_url) config.base_url = *options.base_url;
    if (options.stale) config.policy.stale = *options.stale;
    // A pin that reaches CI would freeze the gate: the daily run would judge the same day forever.
    if (options.in_ci && !options.as_of && config.as_of)
        sink.warning(config.as_of_pos,
                     "`as_of` pins the stale gate to " + format_date(*config.as_of) +
                         " in CI: overdue items are judged as of that day, not today",
                     "config.as-of-pinned",
                     "remove `as_of` from hindsight.yaml, or pass `--as-of today` in the workflow");
    if (config.base_url.empty() || config.base_url.back() != '/') config.base_url += '/';
    return config;
}

// Warnings go on, unless the post-mortem they are about lists their rule in `lint_ignore`.
void forward_unless_ignored(const Site& site, DiagnosticSink& from, DiagnosticSink& to) {
    std::unordered_map<std::string_view, const std::vector<std::string>*> ignore;
    for (const auto& pm : site.postmortems)
        if (!pm.lint_ignore.empty()) ignore[pm.pos.path.str()] = &pm.lint_ignore;
    // Moved, not sorted or copied: `to` sorts what it holds when it is reported.
    std::vector<Diagnostic> kept = from.take();
    if (!ignore.empty())
        std::erase_if(kept, [&](const Diagnostic& d) {
            auto it = ignore.find(d.pos.path.str());
            if (it == ignore.end() || d.severity != Severity::warning) return false;
            for (const auto& rule : *it->second)
                if (d.rule == rule || starts_with(d.rule, rule + ".")) return true;
            return false;
        });
    to.add_all(std::move(kept));
}

// A public build goes on from here with the public post-mortems only, scrubbed, once every
// problem of the whole knowledge base is reported; the stale gate is the internal site's.
Analysis make_public(const BuildOptions& options, CompileResult& result, DiagnosticSink& sink) {
    Site site = public_site(result.site);
    if (options.base_url) {  // --base-url over `public.base_url`, as over `base_url`
        site.config.base_url = *options.base_url;
        if (site.config.base_url.back() != '/') site.config.base_url += '/';
    }
    auto withheld = withheld_ids(result.site, site);
    result.internal_strings = internal_strings(result.site, withheld);
    if (site.postmortems.empty())
        sink.warning(
            {}, "no published post-mortem says `visibility: public`: the public site lists none",
            "public.empty",
            "add `visibility: public` to the front matter of a post-mortem customers may "
            "read (README › The public build)");
    result.site = std::move(site);
    result.stale.clear();
    Analysis analysis;
    analysis.taxonomies = build_taxonomies(result.site);
    // What these would find again was reported for the whole knowledge base already.
    DiagnosticSink again;
    analysis.bodies =
        render_bodies(result.site, analysis.taxonomies, options.jobs, again, nullptr, &withheld);
    analysis.attachments =
        find_attachments(options.root, result.site, analysis.bodies, again, again);
    analysis.backlinks = find_backlinks(result.site, analysis.taxonomies, analysis.bodies);
    for (size_t i = 0; i < result.site.postmortems.size(); ++i) {
        const PostMortem& pm = result.site.postmortems[i];
        for (const auto& link : analysis.bodies[i]->wiki_links)
            if (link.label.empty() && withheld.count(link.target))
                sink.warning({pm.pos.path, pm.body_line + link.line - 1, link.col},
                             "`" + link.target + "` is not public: the public page says “" +
                                 k_withheld_label + "” here",
                             "public.link",
                             "give the link words of its own, [[" + link.target +
                                 "|the earlier outage]], or make " + link.target +
                                 " public with `visibility: public`");
    }
    return analysis;
}

// The stages shared by every command: load → parse → analyse. Similar incidents and insights
// only feed pages, so `check` and `actions` (for_site false) skip them and stay fast.
Analysis load_and_analyse(const BuildOptions& options, Config config, CompileResult& result,
                          DiagnosticSink& sink, bool for_site) {
    auto& steps = result.steps;
    Analysis analysis;
    result.as_of = resolve_as_of(options, config);
    result.site = timed(steps, "load", [&] {
        return load_content(options.root, std::move(config), options.jobs, sink,
                            options.memo ? &options.memo->parse : nullptr);
    });
    result.site.tickets = load_tickets(options.root, options.tickets, result.site.config, sink);
    const Site& site = result.site;
    analysis.taxonomies = build_taxonomies(site);
    analysis.bodies = timed(steps, "markdown", [&] {
        return render_bodies(site, analysis.taxonomies, options.jobs, sink,
                             options.memo ? &options.memo->bodies : nullptr);
    });
    DiagnosticSink advice;  // warnings a post-mortem may silence with `lint_ignore`
    // Each reads the site and writes a part of the analysis of its own; problems go to sinks,
    // which sort them, so the report does not depend on which step finished first.
    side_by_side(steps, options.jobs,
                 {{"lint",
                   [&] {
                       lint_postmortems(site, analysis.bodies, advice, options.jobs,
                                        options.memo ? &options.memo->lint : nullptr);
                   }},
                  {"references",
                   [&] {
                       check_references(site, analysis.taxonomies, sink);
                       check_aliases(site, sink);
                       analysis.attachments =
                           find_attachments(options.root, site, analysis.bodies, sink, advice);
                   }},
                  {"items", [&] { check_action_items(site, result.as_of, advice); }},
                  {"analyse", [&] {
                       analysis.backlinks =
                           find_backlinks(site, analysis.taxonomies, analysis.bodies);
                       analysis.stale = find_stale(site, result.as_of);
                   }}});
    timed(steps, "advice", [&] { forward_unless_ignored(site, advice, sink); });
    result.stale = analysis.stale;
    if (sink.has_errors()) result.status = k_exit_content;
    if (!for_site || result.status != k_exit_ok) return analysis;
    if (options.public_site)
        timed(steps, "public", [&] { analysis = make_public(options, result, sink); });
    timed(steps, "history", [&] {
        std::string head = git_head(options.root);
        GitHistory* memo = options.memo ? &options.memo->history : nullptr;
        GitHistory read;
        const GitHistory& history =
            // A shallow clone may have been deepened since (`git fetch --unshallow`): read again.
            memo && memo->head == head && !memo->shallow
                ? *memo
                : (read = read_git_history(options.root, head));
        // In CI, where checkouts are shallow unless told otherwise; locally the dates are just
        // left out.
        if (history.shallow && options.in_ci) warn_shallow(sink);
        result.site.last_changed = history.changed;
        if (memo && &history == &read) *memo = std::move(read);
    });
    side_by_side(steps, options.jobs,
                 {{"similar",
                   [&] {
                       analysis.similar =
                           find_similar(site, analysis.taxonomies, 5, options.jobs,
                                        options.memo ? &options.memo->similar : nullptr);
                   }},
                  {"insights", [&] {
                       analysis.insights = find_insights(
                           site, analysis.taxonomies,
                           {size_t(site.config.recurrence_count),
                            site.config.recurrence_window_days, site.config.fix_window_days});
                   }}});
    return analysis;
}

// A broken link written in a post-mortem is reported where it was written; one in any other
// page comes from the theme.
void report_broken_links(const Site& site, const Analysis& analysis, const LinkChecker& links,
                         DiagnosticSink& sink) {
    auto broken_links = links.broken();
    if (broken_links.empty()) return;
    // Indexes first, so many broken links cost no more than one each.
    std::map<std::string, size_t> page_of;  // page → post-mortem
    for (size_t i = 0; i < site.postmortems.size(); ++i)
        page_of["postmortems/" + site.postmortems[i].id + "/index.html"] = i;
    // Where each URL was written, every time, so a URL used twice (an image and a link) is
    // reported at each place. The page has it percent-encoded, the Markdown maybe not.
    auto key = [](const std::string& url) { return percent_decode(url).value_or(url); };
    std::map<std::pair<size_t, std::string>, std::deque<const BodyLink*>> written;
    std::set<size_t> indexed;
    for (const auto& broken : broken_links)
        if (auto it = page_of.find(broken.page);
            it != page_of.end() && indexed.insert(it->second).second)
            for (const auto& link : analysis.bodies[it->second]->links)
                written[{it->second, key(link.url)}].push_back(&link);
    for (const auto& broken : broken_links) {
        SourcePos pos{"(generated) " + broken.page, 0, 0};
        std::string hint = "a template of the theme links to a page the build does not make";
        std::string why = broken.why;
        if (auto it = page_of.find(broken.page); it != page_of.end()) {
            const PostMortem& pm = site.postmortems[it->second];
            pos = {pm.pos.path, pm.body_line, 1};
            hint = "link to another post-mortem with [[id]], or to a page of the site that exists";
            bool beside = !broken.href.empty() && broken.href[0] != '#' &&
                          broken.href.rfind("../", 0) != 0 &&
                          broken.href.find(':') == std::string::npos;
            if (beside && why == "no such page") why = "no such file";
            if (beside)
                hint = "no such file in " +
                       std::filesystem::path(pm.pos.path.str()).parent_path().generic_string() +
                       "/: a file linked from a post-mortem lives next to its Markdown file (or "
                       "in its folder) and is published beside its page; to link another "
                       "post-mortem, write [[id]]";
            if (auto w = written.find({it->second, key(broken.href)});
                w != written.end() && !w->second.empty()) {
                const BodyLink* link = w->second.front();
                if (w->second.size() > 1) w->second.pop_front();
                pos = {pm.pos.path, pm.body_line + link->line - 1, link->col};
            }
        }
        sink.error(pos, "broken link `" + broken.href + "`: " + why, "link.broken", hint);
    }
}

// The pages a build kept were checked when they were made, and say the same. Their links still
// hold unless a file of the last build is gone or a page made now has other ids than before:
// then they are all read back and checked again. Either way, the kept pages that pages made
// now link into with a #fragment are read, for their ids.
void check_kept_links(const KeptFiles& kept, LinkChecker& links, unsigned jobs) {
    auto is_page = [](const std::string& path) { return path.ends_with(".html"); };
    bool recheck = kept.lost;
    for (const auto& [page, ids] : links.id_digests())
        if (auto was = kept.ids.find(page); was != kept.ids.end() && was->second != ids)
            recheck = true;
    std::vector<std::string> read;
    for (const auto& path : kept.paths)
        if (is_page(path) && (recheck || !kept.ids.count(path))) read.push_back(path);
    std::set<std::string> added;
    for (;;) {
        parallel_for(read.size(), jobs, [&](size_t i) {
            auto bytes = read_file(kept.out / read[i]);
            if (!bytes)
                throw WriteError("cannot read " + (kept.out / read[i]).string() +
                                 ", a page of the last build this one keeps");
            links.add(read[i], *bytes);
        });
        added.insert(read.begin(), read.end());
        read.clear();
        for (const auto& target : links.unseen_targets())
            if (kept.paths.count(target) && !added.count(target)) read.push_back(target);
        if (read.empty()) return;
    }
}

// Pictures, documents and fonts are published as they are: words found in their bytes would be
// chance, not text.
bool is_binary_file(const std::string& path) {
    static const std::set<std::string> k_binary = {".png",  ".jpg",  ".jpeg", ".gif",  ".webp",
                                                   ".avif", ".ico",  ".pdf",  ".woff", ".woff2",
                                                   ".mp4",  ".webm", ".zip",  ".gz"};
    return k_binary.count(to_lower(fs::path(path).extension().string())) > 0;
}

// The key of each page that has one, into result.keys, and the pages the last build into the
// same folder made with the same key and left as they are: those are kept, not made.
KeptFiles keep_unchanged(const PlannedSite& planned, const fs::path& record,
                         const InputDigests& inputs, BuildResult& result, unsigned jobs) {
    // A public site must not show what is internal now; the pages were checked for what was.
    Hasher site;
    site.add(inputs.site);
    for (const auto& s : planned.result.internal_strings)
        site.add(s.text).add(s.what);
    KeptFiles kept;
    kept.out = result.out;
    kept.whole = site.finish();
    // With no last build, nothing is kept: the shards' keys, which build the search index, are
    // made once the site is made.
    std::error_code ec;
    kept.content_keys = fs::exists(record, ec);
    // The record is read while the keys are made (megabytes at 10,000: every warning is in it).
    auto recorded = std::async(std::launch::async, [&record] { return recorded_files(record); });
    for (auto& [path, key] : planned.plan->keys(jobs, kept.content_keys))
        result.keys.emplace(path, Hasher().add(kept.whole).add(key).finish());
    auto last = recorded.get();
    if (last.empty()) return kept;
    std::vector<std::pair<const std::string*, const RecordedFile*>> candidates;
    for (const auto& [path, key] : result.keys)
        if (auto it = last.find(path); it != last.end() && it->second.key == key)
            candidates.emplace_back(&path, &it->second);
    std::vector<char> same(candidates.size());
    parallel_for(candidates.size(), jobs, [&](size_t i) {
        same[i] = unchanged_since(result.out / *candidates[i].first, *candidates[i].second);
    });
    for (size_t i = 0; i < candidates.size(); ++i)
        if (same[i]) kept.paths.insert(*candidates[i].first);
    std::set<std::string_view> now(result.paths.begin(), result.paths.end());
    for (const auto& [path, file] : last) {
        if (file.ids) kept.ids.emplace(path, *file.ids);
        if (path != k_manifest_name && !now.count(path)) kept.lost = true;
    }
    return kept;
}

}  // namespace

Days resolve_as_of(const BuildOptions& options, const Config& config) {
    return options.as_of ? *options.as_of : config.as_of ? *config.as_of : today_utc();
}

CompileResult analyse_site(const BuildOptions& options, DiagnosticSink& sink) {
    CompileResult result;
    Config config = timed(result.steps, "config", [&] { return configure(options, sink); });
    if (sink.has_errors()) {
        result.status = k_exit_usage;
        return result;
    }
    load_and_analyse(options, std::move(config), result, sink, false);
    return result;
}

std::unique_ptr<PlannedSite> plan_site(const BuildOptions& options, DiagnosticSink& sink) {
    auto planned = std::make_unique<PlannedSite>();
    CompileResult& result = planned->result;
    auto& steps = result.steps;
    Config config = timed(steps, "config", [&] { return configure(options, sink); });
    planned->theme =
        timed(steps, "theme", [&] { return Theme::load(options.root, config.theme, sink); });
    if (sink.has_errors() || !planned->theme) {
        result.status = k_exit_usage;
        return planned;
    }
    planned->root = options.root;
    planned->analysis = load_and_analyse(options, std::move(config), result, sink, true);
    if (result.status != k_exit_ok) return planned;
    planned->plan = timed(steps, "plan", [&] {
        return std::make_unique<SitePlan>(result.site, planned->analysis, *planned->theme,
                                          result.as_of,
                                          options.memo ? &options.memo->search : nullptr);
    });
    return planned;
}

void finish_site(PlannedSite& planned, unsigned jobs, DiagnosticSink& sink,
                 const std::atomic<bool>* stop, const FileStore& store, const KeptFiles* kept) {
    CompileResult& result = planned.result;
    auto& steps = result.steps;
    if (result.status != k_exit_ok || !planned.plan) return;
    LinkChecker links(planned.plan->paths());
    std::optional<LeakCheck> leaks;
    if (result.site.public_only) leaks.emplace(result.internal_strings);
    timed(steps, "render", [&] {
        std::mutex mutex;
        planned.plan->make_each(
            jobs, stop,
            [&](const std::string& path, std::string bytes) {
                links.add(path, bytes);
                if (leaks && !is_binary_file(path)) leaks->add(path, bytes);
                if (store) return store(path, std::move(bytes));
                std::lock_guard lock(mutex);
                result.files.add(path, std::move(bytes));
            },
            [&](const std::string& path) { return kept && kept->paths.count(path); });
    });
    if (stop && *stop) return;
    if (kept && !kept->paths.empty())
        timed(steps, "kept", [&] { check_kept_links(*kept, links, jobs); });
    result.page_ids = links.id_digests();
    timed(steps, "links", [&] { report_broken_links(result.site, planned.analysis, links, sink); });
    if (leaks) leaks->report(result.site, planned.root, sink);
    if (sink.has_errors()) {
        result.status = k_exit_content;
        return;
    }
    if (!result.stale.empty() && result.site.config.policy.stale == "fail")
        result.status = k_exit_stale;
}

void check_written_links(PlannedSite& planned, unsigned jobs, DiagnosticSink& sink,
                         const std::set<std::string>* only) {
    CompileResult& result = planned.result;
    if (result.status != k_exit_ok || !planned.plan) return;
    const SitePlan& plan = *planned.plan;
    LinkChecker links(plan.paths());
    auto add_pages = [&](const std::vector<std::string>& pages) {
        parallel_for(pages.size(), jobs,
                     [&](size_t i) { links.add(pages[i], plan.render(pages[i])); });
    };
    timed(result.steps, "links", [&] {
        std::vector<std::string> pages;
        for (const auto& pm : result.site.postmortems)
            if (!only || only->count(pm.pos.path)) pages.push_back(paths::postmortem(pm.id));
        add_pages(pages);
        pages.clear();
        for (const auto& target : links.unseen_targets())
            if (plan.has(target)) pages.push_back(target);
        add_pages(pages);
        report_broken_links(result.site, planned.analysis, links, sink);
    });
    if (sink.has_errors()) result.status = k_exit_content;
}

CompileResult compile_site(const BuildOptions& options, DiagnosticSink& sink) {
    auto planned = plan_site(options, sink);
    finish_site(*planned, options.jobs, sink);
    return std::move(planned->result);
}

BuildResult build_site(const BuildOptions& options, DiagnosticSink& sink) {
    BuildResult result;
    result.out = options.out           ? *options.out
                 : options.public_site ? options.root / "site-public"
                                       : options.root / "site";
    if (auto why = refuse_output_dir(result.out)) {
        sink.error({}, *why, "output.refused",
                   "pass --out with an empty or new folder, or a folder hindsight built before");
        result.status = k_exit_usage;
        return result;
    }
    auto record = cache_record_path(options, result.out);
    InputDigests inputs;
    std::vector<StepTime> cache_steps;
    if (record) {
        auto start = std::chrono::steady_clock::now();
        inputs = cached_inputs_digest(options, *record);
        if (auto hit = replay_build(*record, inputs.all, result.out, sink)) {
            hit->compiled.steps.push_back(
                {"cache", std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - start)});
            return std::move(*hit);
        }
        cache_steps.push_back({"inputs", std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::steady_clock::now() - start)});
    }
    // What the per-file steps made in the last build, to parse and render only what changed.
    std::unique_ptr<BuildMemo> memo;
    BuildOptions with_memo = options;
    auto memo_file = options.memo ? std::nullopt : cache_memo_path(options, result.out);
    if (memo_file) {
        memo = timed(cache_steps, "memo", [&] { return load_memo(*memo_file, options.jobs); });
        if (!memo) memo = std::make_unique<BuildMemo>();
        with_memo.memo = memo.get();
    }
    // Each file goes to the output's staging folder as soon as it is made, so the site is never
    // held in memory whole; it replaces the previous one only if the whole site is made.
    auto planned = plan_site(with_memo, sink);
    planned->result.steps.insert(planned->result.steps.begin(), cache_steps.begin(),
                                 cache_steps.end());
    try {
        std::optional<Publication> publication;
        KeptFiles kept;
        if (planned->result.status == k_exit_ok) {
            writing([&] { publication.emplace(result.out, options.on_wait); });
            result.paths = planned->plan->paths();
            if (record)
                timed(planned->result.steps, "keys", [&] {
                    kept = keep_unchanged(*planned, *record, inputs, result, options.jobs);
                });
            for (const auto& path : kept.paths)
                writing([&] { publication->keep(path); });
        }
        finish_site(
            *planned, options.jobs, sink, nullptr,
            [&](const std::string& path, std::string bytes) {
                writing([&] { publication->stage(path, bytes); });
            },
            &kept);
        // Under the output folder's lock: builds into one folder save their memos in turn.
        // Saved once the site is made: the search index adds its documents as it is built.
        if (memo_file && publication)
            timed(planned->result.steps, "save memo",
                  [&] { save_memo(*memo_file, *memo, options.jobs); });
        for (const auto& path : kept.paths)  // read again or not, the same
            if (auto it = kept.ids.find(path); it != kept.ids.end())
                planned->result.page_ids.emplace(path, it->second);
        // A first build: the shards are made, and their digests kept (before the site the plan
        // refers to moves into the result).
        if (record && !kept.content_keys &&
            (planned->result.status == k_exit_ok || planned->result.status == k_exit_stale))
            for (const auto& [path, key] : planned->plan->content_keys())
                result.keys.emplace(path, Hasher().add(kept.whole).add(key).finish());
        result.ids = std::move(planned->result.page_ids);
        result.compiled = std::move(planned->result);
        result.status = result.compiled.status;
        if (result.status != k_exit_ok && result.status != k_exit_stale) return result;
        result.written = timed(result.compiled.steps, "write",
                               [&] { return writing([&] { return publication->commit(); }); });
    } catch (const WriteError& e) {  // disk full, read-only, permissions: the site is as before
        sink.error({}, std::string("cannot write the site: ") + e.what(), "output.write",
                   "free space on the output disk or make the folder writable, then build again; "
                   "the previous site in it is unchanged");
        result.status = k_exit_usage;
        return result;
    }
    // Recorded only if no input changed while the build read them: the files read again are
    // those whose stamps changed or were too recent to trust.
    if (record)
        timed(result.compiled.steps, "record", [&] {
            if (build_inputs_digest(options, &inputs.stamps).all == inputs.all)
                record_build(*record, inputs.all, result, sink, options.jobs);
        });
    if (options.leave_to_exit) {
        (void)planned.release();
        (void)memo.release();
    }
    return result;
}

}  // namespace hs
