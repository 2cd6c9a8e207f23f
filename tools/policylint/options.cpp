#include "options.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <deque>
#include <filesystem>
#include <sstream>

#include "policylint/i18n.hpp"
#include "policylint/parallel.hpp"
#include "policylint/scenario.hpp"

namespace policylint::cli {

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace {

// One example of --help: the command, then its description (a cli.example.*
// message; none when empty) at column 46, or on the next line when the
// command is too long; `gap` overrides the spacing.
struct Example {
  const char* command;
  std::string_view description;
  const char* gap = nullptr;
};

constexpr Example kExampleList[] = {
    {"policylint policy.json", "cli.example.one-file"},
    {"policylint infra/policies/", "cli.example.directory"},
    {"cat trust.json | policylint --kind trust -", "cli.example.stdin"},
    {"policylint --format json --fail-on error .", "cli.example.json"},
    {"policylint --explain principal/role-name-lowercase", ""},
    {"policylint --explain replication", "cli.example.family"},
    {"policylint --list-rules", "cli.example.list-rules"},
    {"policylint --select grammar --disable grammar/unknown-key policies/", ""},
    {"policylint --severity grammar/unknown-key=error policies/", ""},
    {"policylint --account 1234567890123456 --scenario replication-source-role role.json", ""},
    {"terraform show -json plan.out > plan.json && policylint plan.json", "cli.example.plan"},
    {"policylint --format sarif --output policylint.sarif .", "cli.example.sarif"},
    {"policylint --format github .", "cli.example.github"},
    {"policylint --include '*.json' --include '*.policy' --exclude 'testdata/**' .", ""},
    {"policylint --config ci/policylint.json .", "cli.example.config"},
    {"policylint --no-config policy.json", "cli.example.no-config"},
    {"policylint --write-baseline .policylint-baseline.json .", ""},
    {"policylint --baseline .policylint-baseline.json .", "cli.example.baseline", "   "},
    {"policylint --fix --unsafe-fixes policy.json", "cli.example.fix"},
    {"policylint --force-exclude -q changed.json", "cli.example.pre-commit"},
    {"policylint -v --max-depth 32 --max-file-size 1048576 big/", ""},
};

// The language --help is written in, before the options are parsed (the
// descriptions are built first): --lang LANG or --lang=LANG when it names a
// language, else the locale's.
Lang help_language(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--") break;
    std::string_view v;
    if (a == "--lang" && i + 1 < argc)
      v = argv[i + 1];
    else if (a.starts_with("--lang="))
      v = a.substr(7);
    else
      continue;
    if (v == "en") return Lang::En;
    if (v == "zh") return Lang::Zh;
    break;
  }
  return lang_from_environment();
}

// The code point at text[i] (a byte that is not UTF-8: itself), advancing i.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  auto b = static_cast<unsigned char>(text[i]);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  if (i + n > text.size()) n = 1;
  char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  i += n;
  return c;
}

// Punctuation a line does not start with (closing) or end with (opening).
bool closing(char32_t c) {
  return c == U'、' || c == U'。' || c == U'，' || c == U'；' || c == U'：' || c == U'）' || c == U'」' || c == U'”' ||
         c == U'！' || c == U'？';
}
bool opening(char32_t c) { return c == U'（' || c == U'「' || c == U'“'; }

// Text in lines of at most `width` terminal cells: broken at spaces and
// between wide (CJK) characters, never inside a word or a UTF-8 sequence.
std::vector<std::string> wrap(std::string_view text, unsigned width) {
  struct Unit {
    std::string text;
    unsigned cells = 0;
    bool space_before = false;
  };
  std::vector<Unit> units;
  bool space = false, in_word = false, glue = false;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t at = i;
    char32_t c = next_code_point(text, i);
    std::string_view bytes = text.substr(at, i - at);
    if (c == U' ') {
      space = true, in_word = false, glue = false;
      continue;
    }
    unsigned cells = i18n::cell_width(c);
    bool wide = cells == 2;
    bool join = !units.empty() && !space && (glue || closing(c) || (in_word && !wide));
    if (join) {
      units.back().text += bytes;
      units.back().cells += cells;
    } else {
      units.push_back({std::string(bytes), cells, space});
    }
    in_word = !wide;
    glue = opening(c);
    space = false;
  }
  std::vector<std::string> lines;
  std::string line;
  unsigned used = 0;
  for (const auto& u : units) {
    unsigned add = (u.space_before && used > 0 ? 1 : 0) + u.cells;
    if (used > 0 && used + add > width) {
      lines.push_back(line);
      line = u.text, used = u.cells;
      continue;
    }
    if (u.space_before && used > 0) line += ' ';
    line += u.text, used += add;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

// Terminal cells of a whole text.
unsigned cells_of(std::string_view text) {
  auto points =
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  return i18n::terminal_width(text, static_cast<std::uint32_t>(points));
}

// The option table laid out as Boost.Program_options does (an 80-column
// line, descriptions from the column after the longest option, at most
// column 40), with descriptions wrapped by terminal cells: for descriptions
// in a language whose words are not separated by spaces.
std::string option_table(const po::options_description& opts, const std::string& caption, Lang lang) {
  constexpr unsigned kLine = 80, kMinDescription = 40;
  std::vector<std::pair<std::string, std::string>> rows;
  unsigned width = 0;
  std::string value = render(msg("cli.help.value"), lang);
  for (const auto& o : opts.options()) {
    std::string param = o->format_parameter();
    if (param.starts_with("arg")) param = value + param.substr(3);
    std::string left = "  " + o->format_name() + " " + param;
    width = std::max(width, cells_of(left));
    rows.emplace_back(left, o->description());
  }
  width = std::min(width, kLine - kMinDescription - 1) + 1;
  std::string out = caption + (lang == Lang::Zh ? "：" : ":") + "\n";
  for (const auto& [left, description] : rows) {
    unsigned cells = cells_of(left);
    std::string line = left;
    if (cells >= width)
      line += "\n" + std::string(width, ' ');
    else
      line += std::string(width - cells, ' ');
    auto parts = wrap(description, kLine - width);
    for (std::size_t i = 0; i < parts.size(); ++i) line += (i == 0 ? "" : "\n" + std::string(width, ' ')) + parts[i];
    out += line + "\n";
  }
  return out;
}

// A command line Boost.Program_options refuses, in words: its own in
// English, a cli.option-* message in another language.
std::string usage_error(const po::error& e, Lang lang) {
  if (lang == Lang::En) return e.what();
  auto named = [&](std::string_view id, const po::error_with_option_name& x) {
    return render(msg(id, {{"option", x.get_option_name()}}), lang);
  };
  if (const auto* x = dynamic_cast<const po::unknown_option*>(&e)) return named("cli.option-unknown", *x);
  if (const auto* x = dynamic_cast<const po::ambiguous_option*>(&e)) {
    std::vector<std::string> matches;
    for (const auto& a : x->alternatives()) matches.push_back("'" + (a.starts_with("-") ? a : "--" + a) + "'");
    return render(
        msg("cli.option-ambiguous", {{"option", x->get_option_name()}, {"matches", i18n::join_or(matches, lang)}}),
        lang);
  }
  if (const auto* x = dynamic_cast<const po::multiple_occurrences*>(&e)) return named("cli.option-repeated", *x);
  if (const auto* x = dynamic_cast<const po::invalid_syntax*>(&e)) {
    if (x->kind() == po::invalid_syntax::missing_parameter) return named("cli.option-missing-argument", *x);
    if (x->kind() == po::invalid_syntax::extra_parameter) return named("cli.option-extra-argument", *x);
    return named("cli.option-invalid", *x);
  }
  if (const auto* x = dynamic_cast<const po::validation_error*>(&e)) return named("cli.option-invalid-argument", *x);
  if (const auto* x = dynamic_cast<const po::error_with_option_name*>(&e)) return named("cli.option-invalid", *x);
  return render(msg("cli.command-line", {{"detail", e.what()}}), lang);
}

}  // namespace

std::string examples(Lang lang) {
  std::string out = render(msg("cli.help.examples"), lang) + "\n";
  constexpr std::size_t kColumn = 44;  // after the two spaces of indentation
  for (const auto& e : kExampleList) {
    std::string line = std::string("  ") + e.command;
    if (!e.description.empty()) {
      std::string command = e.command;
      if (e.gap != nullptr)
        line += e.gap;
      else if (command.size() < kColumn)
        line += std::string(kColumn - command.size(), ' ');
      else
        line += "\n" + std::string(kColumn + 2, ' ');
      line += render(msg(e.description), lang);
    }
    out += line + "\n";
  }
  out += "\n" + render(msg("cli.help.configuration"), lang) + "\n" + render(msg("cli.help.terms"), lang) + "\n" +
         render(msg("cli.help.terms-2"), lang) + "\n";
  return out;
}

std::string help(const CliOptions& c) {
  Lang lang = c.help_language;
  std::string exit = render(msg("cli.help.exit"), lang);
  if (lang != Lang::En) {
    // English keeps its one line; a translation is wrapped to 80 cells.
    std::string lines;
    for (const auto& l : wrap(exit, 80)) lines += (lines.empty() ? "" : "\n") + l;
    exit = lines;
  }
  return render(msg("cli.help.usage"), lang) + "\n" + render(msg("cli.help.about"), lang) + "\n" +
         render(msg("cli.help.path"), lang) + "\n\n" + c.help_text + "\n" + exit + "\n\n" + examples(lang);
}

namespace {

// describe: render the option descriptions (rules/messages/cli.tsv), which
// only --help prints; a run without it neither reads that table nor renders
// the 33 texts.
CliOptions parse(int argc, char** argv, bool describe) {
  CliOptions c;
  c.max_depth = json::Limits{}.max_depth;
  c.max_bytes = json::Limits{}.max_bytes;
  c.jobs = default_jobs();
  // Descriptions in the language of --help (cli.option.<name>).
  c.help_language = help_language(argc, argv);
  std::deque<std::string> texts;  // Boost copies each description; these outlive the calls
  auto d = [&](std::string_view name) {
    if (!describe) return "";
    texts.push_back(render(msg("cli.option." + std::string(name)), c.help_language));
    return texts.back().c_str();
  };
  std::string caption = describe ? render(msg("cli.help.options"), c.help_language) : std::string();
  po::options_description opts(caption);
  // clang-format off
  opts.add_options()
    ("help,h", d("help"))
    ("version", d("version"))
    ("lang", po::value(&c.lang), d("lang"))
    ("kind", po::value(&c.kind)->default_value(c.kind), d("kind"))
    ("format,f", po::value(&c.format)->default_value(c.format), d("format"))
    ("output,o", po::value(&c.output), d("output"))
    ("fail-on", po::value(&c.fail_on)->default_value(c.fail_on), d("fail-on"))
    ("enable", po::value(&c.enable)->composing(), d("enable"))
    ("disable", po::value(&c.disable)->composing(), d("disable"))
    ("select", po::value(&c.select)->composing(), d("select"))
    ("severity", po::value(&c.severities)->composing(), d("severity"))
    ("account", po::value(&c.account), d("account"))
    ("scenario", po::value(&c.scenario), d("scenario"))
    ("previous", po::value(&c.previous_file), d("previous"))
    ("compare-ref", po::value(&c.compare_ref), d("compare-ref"))
    ("fix", d("fix"))
    ("unsafe-fixes", d("unsafe-fixes"))
    ("list-rules", d("list-rules"))
    ("list-scenarios", d("list-scenarios"))
    ("explain", po::value(&c.explain), d("explain"))
    ("max-depth", po::value(&c.max_depth)->default_value(c.max_depth), d("max-depth"))
    ("max-file-size", po::value(&c.max_bytes)->default_value(c.max_bytes), d("max-file-size"))
    ("jobs,j", po::value(&c.jobs)->default_value(c.jobs), d("jobs"))
    ("no-color", d("no-color"))
    ("quiet,q", d("quiet"))
    ("verbose,v", d("verbose"))
    ("config", po::value(&c.config_path), d("config"))
    ("no-config", d("no-config"))
    ("include", po::value(&c.includes)->composing(), d("include"))
    ("exclude", po::value(&c.excludes)->composing(), d("exclude"))
    ("force-exclude", d("force-exclude"))
    ("baseline", po::value(&c.baseline_path), d("baseline"))
    ("write-baseline", po::value(&c.write_baseline_path), d("write-baseline"));
  po::options_description hidden;
  hidden.add_options()("paths", po::value(&c.paths)->composing());
  // clang-format on
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("paths", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(usage_error(e, c.help_language));
  }
  c.language = lang_from_environment();
  if (!c.lang.empty()) {
    auto l = parse_lang(c.lang);
    if (!l || (c.lang != "en" && c.lang != "zh"))
      throw UsageError(render(msg("cli.lang", {{"value", c.lang}}), c.language));
    c.language = *l;
  }
  // The option table only when it is printed (laying it out costs more than
  // linting a small file); the same parse again, with the descriptions.
  if (vm.count("help") == 0) {
  } else if (!describe) {
    return parse(argc, argv, true);
  } else if (c.help_language == Lang::En) {
    std::ostringstream table;
    table << opts;
    c.help_text = table.str();
  } else {
    c.help_text = option_table(opts, caption, c.help_language);
  }
  auto flag = [&](const char* name) { return vm.count(name) != 0; };
  c.help = flag("help"), c.version = flag("version"), c.list_rules = flag("list-rules");
  c.list_scenarios = flag("list-scenarios"), c.no_config = flag("no-config"), c.fix = flag("fix");
  c.unsafe_fixes = flag("unsafe-fixes"), c.force_exclude = flag("force-exclude"), c.no_color = flag("no-color");
  c.quiet = flag("quiet"), c.verbose = flag("verbose");
  c.fail_on_given = !vm["fail-on"].defaulted();
  return c;
}

}  // namespace

CliOptions parse_command_line(int argc, char** argv) { return parse(argc, argv, false); }

std::string find_config(const CliOptions& cli) {
  if (cli.no_config) return {};
  if (!cli.config_path.empty()) return cli.config_path;
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  if (ec) return {};
  for (;;) {
    fs::path candidate = dir / ".policylint.json";
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    if (!dir.has_parent_path() || dir.parent_path() == dir) return {};
    dir = dir.parent_path();
  }
}

namespace {

void check_ids(const std::vector<std::string>& ids, const char* opt, Lang lang) {
  for (const auto& id : ids) {
    bool family = std::any_of(rule_metadata().begin(), rule_metadata().end(),
                              [&](const RuleMeta& m) { return m.id.rfind(id + "/", 0) == 0; });
    if (find_rule(id) == nullptr && !family)
      throw UsageError(render(msg("cli.unknown-rule", {{"option", opt}, {"id", id}}), lang));
  }
}

bool is_uid(const std::string& s) {
  return s.size() == 16 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

RunOptions make_run_options(const CliOptions& cli, const Config& config, std::optional<Severity>& threshold) {
  RunOptions ro;
  // The log shows debug and info lines only under --verbose (main.cpp).
  ro.log_level = cli.verbose ? LogLevel::Debug : LogLevel::Warning;
  LintOptions& lo = ro.lint;
  apply_config(config, lo);
  if (cli.kind != "auto") {
    lo.kind = parse_kind(cli.kind);
    if (!lo.kind) throw UsageError(render(msg("cli.kind", {{"value", cli.kind}}), cli.language));
    ro.kind_given = true;
  }
  std::string fail_on = !cli.fail_on_given && config.fail_on ? *config.fail_on : cli.fail_on;
  threshold.reset();
  if (fail_on != "never") {
    threshold = parse_severity(fail_on);
    if (!threshold) throw UsageError(render(msg("cli.fail-on", {{"value", fail_on}}), cli.language));
  }
  check_ids(cli.enable, "--enable", cli.language);
  check_ids(cli.disable, "--disable", cli.language);
  check_ids(cli.select, "--select", cli.language);
  for (const auto& id : cli.enable) lo.enable.insert(id), lo.disable.erase(id);
  for (const auto& id : cli.disable) lo.disable.insert(id), lo.enable.erase(id);
  lo.select.insert(cli.select.begin(), cli.select.end());
  for (const auto& s : cli.severities) {
    auto eq = s.find('=');
    auto sev = eq == std::string::npos ? std::nullopt : parse_severity(s.substr(eq + 1));
    if (!sev || find_rule(s.substr(0, eq)) == nullptr)
      throw UsageError(render(msg("cli.severity", {{"value", s}}), cli.language));
    lo.severity[std::string(find_rule(s.substr(0, eq))->id)] = *sev;
  }
  // The owning account: a UID, or a name from the configuration's "accounts".
  std::string account = cli.account.empty() ? config.account : cli.account;
  if (auto it = config.accounts.find(account); it != config.accounts.end()) account = it->second;
  if (!account.empty() && !is_uid(account))
    throw UsageError(render(msg("cli.account", {{"value", account}}), cli.language));
  lo.settings.account = account;
  lo.settings.lang = cli.language;
  if (!cli.scenario.empty() && find_scenario(cli.scenario) == nullptr)
    throw UsageError(render(msg("cli.scenario", {{"value", cli.scenario}}), cli.language));
  lo.settings.scenario = cli.scenario;
  ro.scenario_given = !cli.scenario.empty();
  lo.limits.max_depth = cli.max_depth;
  lo.limits.max_bytes = cli.max_bytes;
  if (cli.paths.empty()) throw UsageError(render(msg("cli.no-input"), cli.language));
  ro.paths = cli.paths;
  ro.include = cli.includes;
  ro.exclude = cli.excludes;
  ro.force_exclude = cli.force_exclude;
  ro.jobs = cli.jobs;
  ro.fix = cli.fix;
  ro.unsafe_fixes = cli.unsafe_fixes;
  ro.previous_file = cli.previous_file;
  ro.compare_ref = cli.compare_ref;
  ro.baseline_path = cli.baseline_path;
  return ro;
}

}  // namespace policylint::cli
