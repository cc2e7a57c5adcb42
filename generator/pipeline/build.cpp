#include "pipeline/build.hpp"

#include "analysis/action_items.hpp"
#include "analysis/references.hpp"
#include "analysis/taxonomy.hpp"
#include "content/loader.hpp"
#include "render/site_renderer.hpp"
#include "render/theme.hpp"

namespace hs {
namespace {

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

Config configure(const BuildOptions& options, DiagnosticSink& sink) {
    Config config = load_config(options.root, sink);
    if (options.base_url) config.base_url = *options.base_url;
    if (config.base_url.empty() || config.base_url.back() != '/') config.base_url += '/';
    return config;
}

// The stages shared by every command: load → parse → analyse.
void load_and_analyse(const BuildOptions& options, Config config, CompileResult& result,
                      Taxonomies& taxonomies, DiagnosticSink& sink) {
    auto& steps = result.steps;
    result.as_of = resolve_as_of(options, config);
    result.site = timed(steps, "load", [&] {
        return load_content(options.root, std::move(config), options.jobs, sink);
    });
    taxonomies = timed(steps, "analyse", [&] {
        auto t = build_taxonomies(result.site);
        check_references(result.site, t, sink);
        check_action_items(result.site, sink);
        result.stale = find_stale(result.site, result.as_of);
        return t;
    });
    if (sink.has_errors()) result.status = k_exit_content;
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
    Taxonomies taxonomies;
    load_and_analyse(options, std::move(config), result, taxonomies, sink);
    return result;
}

CompileResult compile_site(const BuildOptions& options, DiagnosticSink& sink) {
    CompileResult result;
    auto& steps = result.steps;
    Config config = timed(steps, "config", [&] { return configure(options, sink); });
    auto theme =
        timed(steps, "theme", [&] { return Theme::load(options.root, config.theme, sink); });
    if (sink.has_errors() || !theme) {
        result.status = k_exit_usage;
        return result;
    }
    Taxonomies taxonomies;
    load_and_analyse(options, std::move(config), result, taxonomies, sink);
    if (result.status != k_exit_ok) return result;
    result.files = timed(steps, "render", [&] {
        return render_site(result.site, taxonomies, *theme, result.as_of, options.jobs);
    });
    if (!result.stale.empty() && result.site.config.policy.stale == "fail")
        result.status = k_exit_stale;
    return result;
}

BuildResult build_site(const BuildOptions& options, DiagnosticSink& sink) {
    BuildResult result;
    result.out = options.out ? *options.out : options.root / "site";
    if (auto why = refuse_output_dir(result.out)) {
        sink.error({}, *why, "output.refused",
                   "pass --out with an empty or new folder, or a folder hindsight built before");
        result.status = k_exit_usage;
        return result;
    }
    result.compiled = compile_site(options, sink);
    result.status = result.compiled.status;
    if (result.status != k_exit_ok && result.status != k_exit_stale) return result;
    result.written = timed(result.compiled.steps, "write",
                           [&] { return publish(result.compiled.files, result.out); });
    return result;
}

}  // namespace hs
