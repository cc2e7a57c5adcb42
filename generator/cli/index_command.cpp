// `hindsight index`: a drop-in for lunr.js's builder, JSON documents in, serialized index out.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

#include <sys/stat.h>

#include "cli/commands.hpp"
#include "search/json_documents.hpp"
#include "search/search.hpp"
#include "search/stemmer.hpp"
#include "util/parallel.hpp"

namespace hs {
namespace {

struct IndexArgs {
    std::string ref = "id";
    std::vector<std::string> fields;
    std::vector<std::string> whitelist;
    std::string boost_field;
    bool stem = false;
    unsigned jobs = 0;  // all cores
};

// Names that JavaScript objects inherit: lunr.js reads them from the prototype of a document
// that lacks them (and of its own bookkeeping objects), so no index would match its output.
bool is_object_prototype_member(const std::string& name) {
    static const std::vector<std::string> k_members = {
        "constructor",      "hasOwnProperty",   "isPrototypeOf",    "propertyIsEnumerable",
        "toLocaleString",   "toString",         "valueOf",          "__proto__",
        "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__"};
    return std::find(k_members.begin(), k_members.end(), name) != k_members.end();
}

// `name` or `name:boost`; the boost follows the last colon.
std::optional<search::FieldSpec> parse_field(const std::string& arg, std::string& problem) {
    search::FieldSpec spec{arg, 1};
    if (auto colon = arg.rfind(':'); colon != std::string::npos) {
        spec.name = arg.substr(0, colon);
        const char* begin = arg.data() + colon + 1;
        const char* end = arg.data() + arg.size();
        auto [ptr, ec] = std::from_chars(begin, end, spec.boost);
        if (begin == end || ec != std::errc() || ptr != end || !std::isfinite(spec.boost))
            return problem = "the boost in `" + arg + "` is not a number", std::nullopt;
    }
    if (spec.name.empty() || spec.name == "_index" || spec.name.find('/') != std::string::npos)
        problem = "lunr cannot index a field named `" + spec.name + "`";
    else if (is_object_prototype_member(spec.name))
        problem =
            "`" + spec.name + "` is inherited by every JavaScript object; lunr.js misreads it";
    if (!problem.empty()) return std::nullopt;
    return spec;
}

// nlohmann says "[json.exception.parse_error.101] parse error at line 3, column 5: why".
int fail_json(std::ostream& err, const nlohmann::json::parse_error& e) {
    std::string message = e.what();
    int line = 0, col = 0;
    auto at = message.find("at line ");
    if (at != std::string::npos &&
        std::sscanf(message.c_str() + at, "at line %d, column %d", &line, &col) == 2)
        err << "stdin:" << line << ":" << col << ": error: ";
    else
        err << "stdin: error: ";
    auto colon = message.find(": ", message.find("parse error"));
    err << (colon != std::string::npos ? message.substr(colon + 2) : message) << "\n";
    return k_exit_content;
}

std::string read_stdin() {
    std::string input;
    struct stat st {};
    if (fstat(fileno(stdin), &st) == 0 && S_ISREG(st.st_mode)) input.reserve(size_t(st.st_size));
    char chunk[1 << 16];
    while (size_t n = std::fread(chunk, 1, sizeof chunk, stdin))
        input.append(chunk, n);
    return input;
}

// Hidden: stems a JSON array of words, for the stemmer's comparison with lunr.js.
int run_stem(const nlohmann::json& words, std::ostream& out, std::ostream& err) {
    if (!words.is_array())
        return err << "stdin: error: expected an array of words\n", k_exit_content;
    nlohmann::ordered_json stems = nlohmann::ordered_json::array();
    for (const auto& w : words)
        stems.push_back(search::stem(w.is_string() ? w.get<std::string>() : search::js_string(w)));
    out << search::dump_js(stems);
    return k_exit_ok;
}

int run_index(const IndexArgs& args, std::ostream& out, std::ostream& err) {
    const unsigned jobs = args.jobs > 0 ? args.jobs : default_jobs();
    search::IndexOptions options;
    options.metadata_whitelist = args.whitelist;
    for (const auto& arg : args.fields) {
        std::string problem;
        auto spec = parse_field(arg, problem);
        if (!spec) return err << "hindsight: error: " << problem << "\n", k_exit_usage;
        options.fields.push_back(*spec);
    }
    if (options.fields.empty() && !args.stem)
        return err << "hindsight: error: name at least one --field\n", k_exit_usage;

    std::string input = read_stdin();
    search::JsonDocuments converted;
    try {
        if (args.stem) return run_stem(nlohmann::json::parse(input), out, err);
        converted =
            search::documents_from_json_text(input, options, {args.ref, args.boost_field}, jobs);
    } catch (const nlohmann::json::parse_error& e) {
        return fail_json(err, e);
    } catch (const nlohmann::json::out_of_range& e) {  // a number too large for a double
        return err << "stdin: error: " << e.what() << "\n", k_exit_content;
    }
    input = {};
    for (const auto& problem : converted.errors)
        err << "stdin: error: " << problem << "\n";
    if (!converted.errors.empty()) return k_exit_content;
    // No newline after it: the bytes JSON.stringify(idx) gives.
    search::write_json(out, search::build_index(converted.documents, options, {}, jobs), jobs);
    return k_exit_ok;
}

}  // namespace

CommandRunner add_index_command(CLI::App& app) {
    auto args = std::make_shared<IndexArgs>();
    CLI::App* cmd = app.add_subcommand(
        "index",
        "Build a lunr.js 2.3.9 index: a JSON array of documents on stdin, the index "
        "(byte for byte what lunr.js writes) on stdout");
    cmd->add_option("--ref", args->ref, "The property that identifies a document (default: id)");
    cmd->add_option(
        "--field", args->fields,
        "A property to index, NAME or NAME:BOOST (title:10; the boost follows the last colon); "
        "repeat for each");
    cmd->add_option("--whitelist", args->whitelist,
                    "Token metadata to keep, e.g. position (lunr's metadataWhitelist); repeatable")
        ->delimiter(',');
    cmd->add_option("--boost-field", args->boost_field,
                    "A numeric property holding the document's boost, as lunr's "
                    "builder.add(doc, {boost: doc[NAME]})");
    cmd->add_option("-j,--jobs", args->jobs, "Threads to use (default: all cores)");
    cmd->add_flag("--stem", args->stem, "Stem a JSON array of words (for tests)")->group("");
    cmd->footer(
        "Documents are objects; a field's value may be a string, a number, a list (one token "
        "per element) or null. Refs are strings or numbers.\nExample: hindsight index --ref id "
        "--field title:10 --field body --whitelist position < docs.json > index.json");
    return [args](std::ostream& out, std::ostream& err) { return run_index(*args, out, err); };
}

}  // namespace hs
