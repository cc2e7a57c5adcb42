#include "pipeline/build.hpp"

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

}  // namespace

CompileResult compile_site(const BuildOptions& options, DiagnosticSink& sink) {
    CompileResult result;
    auto& steps = result.steps;

    Config config = timed(steps, "config", [&] { return load_config(options.root, sink); });
    if (options.base_url) config.base_url = *options.base_url;
    if (config.base_url.empty() || config.base_url.back() != '/') config.base_url += '/';
    auto theme =
        timed(steps, "theme", [&] { return Theme::load(options.root, config.theme, sink); });
    if (sink.has_errors() || !theme) {
        result.status = k_exit_usage;
        return result;
    }
    Days as_of = options.as_of ? *options.as_of : config.as_of ? *config.as_of : today_utc();

    Site site = timed(steps, "load", [&] {
        return load_content(options.root, std::move(config), options.jobs, sink);
    });
    Taxonomies taxonomies = timed(steps, "analyse", [&] {
        auto t = build_taxonomies(site);
        check_references(site, t, sink);
        return t;
    });
    if (sink.has_errors()) {
        result.status = k_exit_content;
        return result;
    }
    result.files = timed(steps, "render", [&] {
        return render_site(site, taxonomies, *theme, as_of, options.jobs);
    });
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
    CompileResult compiled = compile_site(options, sink);
    result.steps = std::move(compiled.steps);
    result.status = compiled.status;
    if (result.status != k_exit_ok) return result;
    result.written =
        timed(result.steps, "write", [&] { return publish(compiled.files, result.out); });
    return result;
}

}  // namespace hs
