// policylint_bench: how fast policylint is, next to the floor (a bare
// RapidJSON parse of the same bytes). Not run by the tests.
//
//   policylint_bench [--files N] [--seed S] [--dir DIR] [--cli PATH] [--jobs J]
//                    [--runs R] [--repeat K] [--keep DIR] [--phase parse|lint]
//   policylint_bench --families [--files N] [--seed S] [--dir DIR] [--repeat K]
//   policylint_bench --hostile [--repeat K] [--only TEXT] [--dump DIR]
//
// Generates N realistic policies (permission, trust and bucket policies of
// 200 B to 16 KB, with conditions and wildcards) or reads every *.json below
// DIR, then reports in one run:
//   (a) bare RapidJSON DOM parse of the bytes in memory (best of K passes;
//       floor.cpp),
//   (b) policylint's full lint in memory, Linter::lint (best of K passes,
//       taken in turn with those of (a)),
//   (c) the CLI over the files on disk (median of 3 runs, with max RSS),
//   (a2), (b2) the passes of (a) and (b) on two threads, each taking every
//       other file (best of K each, in turn),
// the ratios, the wall time of the CLI on one small file (median of R), and
// its start-up against bench/bare_parse.cpp (a program that only reads and
// parses the same file), in at least 21 alternating pairs. --phase runs
// only (a) or only (b), K times, for a profiler (perf stat, perf record).
//
// --families says where the lint's time goes by rule family: the lint in
// memory on one thread with every rule on, with every family off (the JSON
// reader, the model and the engine alone), and with each family off in turn,
// all taken in turn K times, each its best; a family's share is the time its
// rules and their shared facts add (the full lint less the lint without it).
//
// --hostile lints hostile inputs in memory (CPU time, best of K), each at two
// sizes ten times apart: policies with long arrays (Action, NotAction,
// Resource, NotResource, Principal lists, condition values; with wildcards
// and near-duplicates for the pairwise rules), objects of many keys, many
// condition operators, long strings of wildcards, placeholders and ARN
// separators, many statements, deep nesting, a file over the size limit and
// random bytes; Terraform files (many resources, shared locals and data
// sources, deep nesting, a long heredoc, many jsonencode policies, chains of
// locals and interpolations, a syntax error per line), a Terraform plan, and
// ROS templates in YAML (many resources, nesting, aliases) and JSON. The
// file name given to Linter::lint chooses the reader. Growth check: the larger
// input may take at most 15 times the time of the smaller one (times under
// 5 ms are too small to judge and pass), and every input, up to its hostile
// size (100 000 array entries or keys where that is larger than the growth
// pair), under 1 s; the exit status is 1 when a check fails. The growth pair
// of the largest inputs stays within a core's caches: past them each pass
// over a tree of 10^5 entries costs more per entry for any algorithm, linear
// ones included (instructions, counted with callgrind, grow 9.8-10.4x there
// while the time grows 15-17x). --only TEXT runs the cases whose description
// holds TEXT; --dump DIR writes their inputs to DIR instead (to profile one
// with the CLI: give each .tf file a directory of its own, as the CLI reads
// the whole module).
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <barrier>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../lib/src/input/terraform.hpp"
#include "floor.hpp"
#include "policylint/engine.hpp"
#include "policylint/previous.hpp"
#include "policylint/rule.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using policylint::FileReport;
using policylint::Linter;
using policylint::LintOptions;
using policylint::Neighbours;
using policylint::Previous;

extern char** environ;

namespace {

struct Args {
  std::size_t files = 10000;
  std::uint64_t seed = 1;
  std::string dir, keep;
  std::string cli = POLICYLINT_BENCH_CLI;
  unsigned jobs = 0;
  int runs = 21;
  int repeat = 5;
  bool hostile = false;
  std::string only;       // --hostile: the cases whose description holds this
  std::string dump;       // --hostile: write the inputs to this directory instead of timing them
  std::string phase;      // "parse" or "lint": time only that pass, K times (for a profiler)
  bool families = false;  // the lint's time by rule family
};

[[noreturn]] void usage(const char* why) {
  std::cerr
      << "policylint_bench: " << why << "\n"
      << "usage: policylint_bench [--files N] [--seed S] [--dir DIR] [--cli PATH] [--jobs J] [--runs R] "
         "[--repeat K] [--keep DIR] [--phase parse|lint]\n       policylint_bench --families [--files N] [--seed S] "
         "[--dir DIR] [--repeat K]\n       policylint_bench --hostile [--repeat K] [--only "
         "TEXT] [--dump DIR]\n";
  std::exit(2);
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value for " + k).c_str());
      return argv[++i];
    };
    if (k == "--files") {
      a.files = std::stoul(value());
    } else if (k == "--seed") {
      a.seed = std::stoull(value());
    } else if (k == "--dir") {
      a.dir = value();
    } else if (k == "--keep") {
      a.keep = value();
    } else if (k == "--cli") {
      a.cli = value();
    } else if (k == "--jobs") {
      a.jobs = static_cast<unsigned>(std::stoul(value()));
    } else if (k == "--runs") {
      a.runs = std::max(1, std::stoi(value()));
    } else if (k == "--repeat") {
      a.repeat = std::max(1, std::stoi(value()));
    } else if (k == "--hostile") {
      a.hostile = true;
    } else if (k == "--families") {
      a.families = true;
    } else if (k == "--only") {
      a.only = value();
    } else if (k == "--dump") {
      a.dump = value();
    } else if (k == "--phase") {
      a.phase = value();
      if (a.phase != "parse" && a.phase != "lint") usage("--phase takes parse or lint");
    } else if (k == "--help" || k == "-h") {
      usage("help");
    } else {
      usage(("unknown argument " + k).c_str());
    }
  }
  return a;
}

// ---------------------------------------------------------------- corpus

class Gen {
public:
  explicit Gen(std::uint64_t seed) : rng_(seed) {}

  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
  template <class T, std::size_t N>
  const T& any(const T (&a)[N]) {
    return a[pick(N)];
  }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  std::string uid() {
    std::string s = std::to_string(1 + pick(9));
    for (int i = 0; i < 15; ++i) s += static_cast<char>('0' + pick(10));
    return s;
  }
  // Target size: log-uniform between 200 B and 16 KB, so most files are small.
  std::size_t target_size() {
    double lo = std::log(200.0), hi = std::log(16384.0);
    return static_cast<std::size_t>(std::exp(std::uniform_real_distribution<double>(lo, hi)(rng_)));
  }

private:
  std::mt19937_64 rng_;
};

const char* kPermActions[] = {"\"oss:GetObject\"",
                              "\"oss:PutObject\"",
                              "\"oss:ListObjects\"",
                              "\"oss:GetBucketInfo\"",
                              "\"oss:Get*\"",
                              "\"oss:List*\"",
                              "\"ecs:DescribeInstances\"",
                              "\"ecs:Describe*\"",
                              "\"ecs:StartInstance\"",
                              "\"ecs:StopInstance\"",
                              "\"vpc:DescribeVpcs\"",
                              "\"vpc:Describe*\"",
                              "\"rds:Describe*\"",
                              "\"kms:Decrypt\"",
                              "\"kms:GenerateDataKey\"",
                              "\"log:GetLogStore\"",
                              "\"log:PostLogStoreLogs\"",
                              "\"ram:GetRole\"",
                              "\"ram:ListRoles\"",
                              "\"sts:AssumeRole\"",
                              "\"cms:QueryMetricList\"",
                              "\"slb:Describe*\"",
                              "\"fc:InvokeFunction\"",
                              "\"mns:SendMessage\""};
const char* kBucketActions[] = {"\"oss:GetObject\"",     "\"oss:PutObject\"",    "\"oss:ListObjects\"",
                                "\"oss:GetObjectAcl\"",  "\"oss:DeleteObject\"", "\"oss:AbortMultipartUpload\"",
                                "\"oss:GetBucketInfo\"", "\"oss:ListParts\""};
const char* kServices[] = {"ecs.aliyuncs.com",         "fc.aliyuncs.com",  "oss.aliyuncs.com",       "dts.aliyuncs.com",
                           "actiontrail.aliyuncs.com", "log.aliyuncs.com", "apigateway.aliyuncs.com"};
const char* kRegions[] = {"cn-hangzhou", "cn-shanghai", "cn-beijing", "ap-southeast-1", "eu-central-1", "*"};
const char* kWords[] = {"logs", "backup", "media", "reports", "data", "archive", "static", "uploads", "tmp", "etl"};

std::string condition(Gen& g, bool bucket) {
  std::vector<std::string> ops;
  if (g.chance(0.5))
    ops.push_back("\"IpAddress\": {\"acs:SourceIp\": [\"10." + std::to_string(g.pick(256)) + ".0.0/16\", \"192.168." +
                  std::to_string(g.pick(256)) + ".0/24\"]}");
  if (g.chance(0.3)) ops.push_back("\"Bool\": {\"acs:SecureTransport\": \"true\"}");
  if (g.chance(0.3)) ops.push_back("\"Bool\": {\"acs:MFAPresent\": \"true\"}");
  if (g.chance(0.3))
    ops.push_back("\"DateLessThan\": {\"acs:CurrentTime\": \"20" + std::to_string(26 + g.pick(4)) +
                  "-12-31T23:59:59Z\"}");
  if (bucket && g.chance(0.4))
    ops.push_back("\"StringLike\": {\"oss:Prefix\": [\"" + std::string(g.any(kWords)) + "/*\"]}");
  if (g.chance(0.2)) ops.push_back("\"StringEquals\": {\"acs:SourceVpc\": [\"vpc-" + g.uid().substr(0, 12) + "\"]}");
  if (ops.empty()) return {};
  // A repeated operator key is a duplicate: keep the first of each.
  std::string out = ",\n      \"Condition\": {";
  std::vector<std::string> seen;
  bool first = true;
  for (const auto& o : ops) {
    std::string name = o.substr(0, o.find(':'));
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    seen.push_back(name);
    out += (first ? "\n        " : ",\n        ") + o;
    first = false;
  }
  return out + "\n      }";
}

std::string list(Gen& g, const char* const* from, std::size_t n, std::size_t count) {
  std::vector<std::string> chosen;
  while (chosen.size() < count) {
    std::string s = from[g.pick(n)];
    if (std::find(chosen.begin(), chosen.end(), s) == chosen.end()) chosen.push_back(s);
    if (chosen.size() == n) break;
  }
  if (chosen.size() == 1) return chosen[0];
  std::string out = "[";
  for (std::size_t i = 0; i < chosen.size(); ++i) out += (i ? ", " : "") + chosen[i];
  return out + "]";
}

std::string permission_statement(Gen& g, const std::string& account) {
  std::string effect = g.chance(0.85) ? "Allow" : "Deny";
  std::string action = list(g, kPermActions, std::size(kPermActions), 1 + g.pick(5));
  std::string res;
  switch (g.pick(4)) {
    case 0:
      res = "\"*\"";
      break;
    case 1: {
      std::string b = std::string("acme-") + g.any(kWords) + "-" + std::to_string(g.pick(1000));
      res = "[\"acs:oss:*:" + account + ":" + b + "\", \"acs:oss:*:" + account + ":" + b + "/*\"]";
      break;
    }
    case 2:
      res = "\"acs:ecs:" + std::string(g.any(kRegions)) + ":" + account + ":instance/*\"";
      break;
    default:
      res = "\"acs:log:*:" + account + ":project/" + g.any(kWords) + "-*\"";
  }
  return "    {\n      \"Effect\": \"" + effect + "\",\n      \"Action\": " + action + ",\n      \"Resource\": " + res +
         condition(g, false) + "\n    }";
}

std::string trust_statement(Gen& g) {
  std::string principal;
  switch (g.pick(3)) {
    case 0:
      principal = "{\"Service\": [\"" + std::string(g.any(kServices)) + "\"]}";
      break;
    case 1:
      principal = "{\"RAM\": [\"acs:ram::" + g.uid() + ":root\"]}";
      break;
    default:
      principal = "{\"RAM\": [\"acs:ram::" + g.uid() + ":role/" + g.any(kWords) + "-operator\"]}";
  }
  std::string cond;
  if (principal.find("RAM") != std::string::npos && g.chance(0.6))
    cond = ",\n      \"Condition\": {\n        \"StringEquals\": {\"sts:ExternalId\": \"ext-" + g.uid().substr(0, 8) +
           "\"}\n      }";
  return "    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"sts:AssumeRole\",\n      \"Principal\": " +
         principal + cond + "\n    }";
}

std::string bucket_statement(Gen& g, const std::string& account, const std::string& bucket) {
  std::string principal = "[\"" + g.uid() + "\"]";
  if (g.chance(0.2)) principal = "[\"arn:sts::" + account + ":assumed-role/" + g.any(kWords) + "-reader/*\"]";
  std::string prefix = g.any(kWords);
  std::string res = "[\"acs:oss:*:" + account + ":" + bucket + "/" + prefix + "/*\"]";
  if (g.chance(0.3))
    res = "[\"acs:oss:*:" + account + ":" + bucket + "\", \"acs:oss:*:" + account + ":" + bucket + "/*\"]";
  return "    {\n      \"Effect\": \"" + std::string(g.chance(0.9) ? "Allow" : "Deny") +
         "\",\n      \"Action\": " + list(g, kBucketActions, std::size(kBucketActions), 1 + g.pick(4)) +
         ",\n      \"Principal\": " + principal + ",\n      \"Resource\": " + res + condition(g, true) + "\n    }";
}

std::string policy(Gen& g, int kind) {
  std::size_t target = g.target_size();
  std::string account = g.uid();
  std::string bucket = std::string("acme-") + g.any(kWords) + "-" + std::to_string(g.pick(1000));
  std::string body;
  do {
    std::string s = kind == 0   ? permission_statement(g, account)
                    : kind == 1 ? trust_statement(g)
                                : bucket_statement(g, account, bucket);
    if (!body.empty() && body.size() + s.size() + 40 > target) break;
    body += (body.empty() ? "" : ",\n") + s;
  } while (body.size() + 40 < target);
  return "{\n  \"Version\": \"1\",\n  \"Statement\": [\n" + body + "\n  ]\n}\n";
}

struct Corpus {
  std::vector<std::string> names;
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  std::size_t largest = 0;
};

Corpus generate(std::size_t n, std::uint64_t seed) {
  Gen g(seed);
  Corpus c;
  for (std::size_t i = 0; i < n; ++i) {
    // Half permission policies, a quarter each trust and bucket policies.
    int kind = i % 4 < 2 ? 0 : static_cast<int>(i % 4) - 1;
    static const char* kDir[] = {"permission", "trust", "bucket"};
    char name[64];
    std::snprintf(name, sizeof name, "%s/p%06zu.json", kDir[kind], i);
    c.names.emplace_back(name);
    c.texts.push_back(policy(g, kind));
  }
  return c;
}

Corpus read_dir(const std::string& dir) {
  Corpus c;
  std::vector<fs::path> paths;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".json") paths.push_back(it->path());
  if (ec) usage(("cannot read " + dir + ": " + ec.message()).c_str());
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    c.names.push_back(fs::relative(p, dir).string());
    c.texts.push_back(std::move(s).str());
  }
  return c;
}

void write_corpus(const Corpus& c, const fs::path& dir) {
  for (std::size_t i = 0; i < c.names.size(); ++i) {
    fs::path p = dir / c.names[i];
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << c.texts[i];
  }
}

// The first n files of the corpus as a Terraform tree: each policy in a
// resource of its kind (by its directory: trust, bucket, else permission),
// as a heredoc, five files to a module directory. "${" and "%{" are escaped
// as HCL writes them in a template.
void write_terraform_tree(const Corpus& c, std::size_t n, const fs::path& dir) {
  for (std::size_t i = 0; i < std::min(n, c.names.size()); ++i) {
    char module[32];
    std::snprintf(module, sizeof module, "m%05zu", i / 5);
    fs::path p = dir / module / ("p" + std::to_string(i) + ".tf");
    fs::create_directories(p.parent_path());
    std::string body;
    for (std::size_t k = 0; k < c.texts[i].size(); ++k) {
      char ch = c.texts[i][k];
      if ((ch == '$' || ch == '%') && k + 1 < c.texts[i].size() && c.texts[i][k + 1] == '{') body += ch;
      body += ch;
    }
    const std::string& name = c.names[i];
    std::string id = "p" + std::to_string(i), resource;
    if (name.starts_with("trust/"))
      resource = "resource \"alicloud_ram_role\" \"" + id + "\" {\n  role_name = \"" + id +
                 "\"\n  assume_role_policy_document = <<EOF\n";
    else if (name.starts_with("bucket/"))
      resource =
          "resource \"alicloud_oss_bucket_policy\" \"" + id + "\" {\n  bucket = \"" + id + "\"\n  policy = <<EOF\n";
    else
      resource = "resource \"alicloud_ram_policy\" \"" + id + "\" {\n  policy_name = \"" + id +
                 "\"\n  policy_document = <<EOF\n";
    std::ofstream(p, std::ios::binary) << resource << body << (body.ends_with('\n') ? "" : "\n") << "EOF\n}\n";
  }
}

// ---------------------------------------------------------------- timing

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

struct Child {
  double wall = 0;
  long max_rss_kb = 0;
  int status = -1;
};

// Runs argv with stdout and stderr to /dev/null and measures it. A process
// spawned by this (large) one would be charged this one's resident pages in
// its ru_maxrss (they are shared until exec), so the benchmark re-executes
// itself as a small helper (--measure) that starts the command, waits for it
// and writes back its wall time and its own peak RSS.
Child run(const std::vector<std::string>& args) {
  std::vector<std::string> all = {"/proc/self/exe", "--measure"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  int fds[2];
  if (::pipe(fds) != 0) return {};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 3);
  pid_t pid;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(fds[1]);
  Child c;
  if (rc == 0) {
    char buf[128] = {};
    std::size_t got = 0;
    ssize_t n;
    while (got < sizeof buf - 1 && (n = ::read(fds[0], buf + got, sizeof buf - 1 - got)) > 0)
      got += static_cast<std::size_t>(n);
    int st = 0;
    ::waitpid(pid, &st, 0);
    std::sscanf(buf, "%lf %ld %d", &c.wall, &c.max_rss_kb, &c.status);
  }
  ::close(fds[0]);
  return c;
}

// The --measure helper: fork + exec the command, report on fd 3.
int measure(char** argv) {
  auto start = Clock::now();
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(3);
    ::execv(argv[0], argv);
    ::_exit(127);
  }
  int st = 0;
  struct rusage ru {};
  ::wait4(pid, &st, 0, &ru);
  double wall = seconds_since(start);
  char out[128];
  int len = std::snprintf(out, sizeof out, "%.9f %ld %d\n", wall, static_cast<long>(ru.ru_maxrss),
                          WIFEXITED(st) ? WEXITSTATUS(st) : -1);
  return ::write(3, out, static_cast<std::size_t>(len)) == len ? 0 : 1;
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown CPU";
}

std::string fmt(double v, int prec = 1) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", prec, v);
  return b;
}

// ---------------------------------------------------------------- hostile inputs

std::string statements_of(const std::string& body) {
  return "{\n  \"Version\": \"1\",\n  \"Statement\": [\n" + body + "\n  ]\n}\n";
}

// One Allow statement whose Action array has n distinct entries.
std::string hostile_array(std::size_t n) {
  std::string body = "    {\"Effect\": \"Allow\", \"Resource\": \"*\", \"Action\": [";
  for (std::size_t i = 0; i < n; ++i)
    body += (i ? ", \"ecs:DescribeInstances" : "\"ecs:DescribeInstances") + std::to_string(i) + "\"";
  return statements_of(body + "]}");
}

// One Allow statement of n distinct actions of a service whose list is
// complete, none in it ("oss:GetObject17"): each unknown, each given the
// closest names of the service (edit distances against the 206 OSS actions:
// 100 000 took 2.7 s when each was a full table).
std::string hostile_unknown_actions(std::size_t n) {
  std::string body = "    {\"Effect\": \"Allow\", \"Resource\": \"*\", \"Action\": [";
  for (std::size_t i = 0; i < n; ++i) body += (i ? ", \"oss:GetObject" : "\"oss:GetObject") + std::to_string(i) + "\"";
  return statements_of(body + "]}");
}

// One Resource string of n bytes.
std::string hostile_string(std::size_t n) {
  std::string r = "acs:oss:*:1234567890123456:bucket/";
  r.resize(std::max(n, r.size()), 'x');
  return statements_of("    {\"Effect\": \"Allow\", \"Action\": \"oss:GetObject\", \"Resource\": \"" + r + "\"}");
}

// n statements, distinct enough that none covers another (each its own
// bucket and source address), with a Deny every tenth.
std::string hostile_statements(std::size_t n) {
  std::string body;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) body += ",\n";
    body += "    {\"Effect\": \"" + std::string(i % 10 == 9 ? "Deny" : "Allow") +
            "\", \"Action\": [\"oss:GetObject\", \"oss:Put*\"], \"Resource\": \"acs:oss:*:1234567890123456:b" +
            std::to_string(i) + "/*\", \"Condition\": {\"IpAddress\": {\"acs:SourceIp\": \"10." +
            std::to_string(i / 256) + "." + std::to_string(i % 256) + ".0/24\"}}}";
  }
  return statements_of(body);
}

// n statements that share their action, resource prefix and condition: only
// the literal runs of their resources (the bucket names) tell them apart, as
// the index of the redundancy rules now does (before round 7 each was
// compared with every other: 1 000 statements 0.1 s, 100x the time of 100).
std::string hostile_alike(std::size_t n) {
  std::string body;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) body += ",\n";
    body +=
        "    {\"Effect\": \"Allow\", \"Action\": \"oss:GetObject\", \"Resource\": "
        "\"acs:oss:*:1234567890123456:b" +
        std::to_string(i) + "/*\", \"Condition\": {\"Bool\": {\"acs:SecureTransport\": \"true\"}}}";
  }
  return statements_of(body);
}

// A bucket policy of n statements, each granting one account one action on
// its own prefix (distinct actions: statements of one action and bucket are
// compared pairwise by redundancy/statement-covered, "statements alike");
// shift moves every grant to the next account, so that against the version
// shifted by one all but one old statement are kept (each by another
// statement) and one is dropped (bucket/statement-dropped, --previous).
// With wildcards, every statement grants the same action to a principal
// pattern on a resource pattern: no literal value tells the statements apart,
// only the literal runs of their patterns (before round 7 each old statement
// was compared with every new one: 1 000 of each 0.27 s).
std::string bucket_grants(std::size_t n, std::size_t shift, bool wildcards) {
  std::string body;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) body += ",\n";
    std::string uid = std::to_string(1000000000000000 + i + shift);
    std::string k = std::to_string(i + shift);
    body += "    {\"Effect\": \"Allow\", \"Action\": \"oss:Get" + (wildcards ? std::string("Object") : k) +
            "\", \"Principal\": [\"" + uid + (wildcards ? "*" : "") +
            "\"], \"Resource\": \"acs:oss:*:1234567890123456:bucket-a/" + k + (wildcards ? "*" : "/*") + "\"}";
  }
  return statements_of(body);
}
std::string hostile_grants(std::size_t n) { return bucket_grants(n, 1, false); }
std::string hostile_grants_before(std::size_t n) { return bucket_grants(n, 0, false); }
std::string hostile_grants_wild(std::size_t n) { return bucket_grants(n, 1, true); }
std::string hostile_grants_wild_before(std::size_t n) { return bucket_grants(n, 0, true); }

// The ARNs head + (i + shift) + tail for i below n, quoted and joined by ", ".
std::string arn_list(std::size_t n, std::size_t shift, const char* head, const char* tail) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i)
    out += std::string(i ? ", " : "") + "\"" + head + std::to_string(i + shift) + tail + "\"";
  return out;
}

// One statement granting one account oss:GetObject, with element
// ("Resource" or "NotResource") holding arns (a list's inside).
std::string one_grant(const char* element, const std::string& arns) {
  return statements_of(
      "    {\"Effect\": \"Allow\", \"Action\": \"oss:GetObject\", \"Principal\": [\"1234567890123456\"], \"" +
      std::string(element) + "\": [" + arns + "]}");
}

// n wildcard ARNs, one per bucket; shift as in bucket_grants: against the
// version shifted by one, the old statement loses one bucket
// (bucket/statement-dropped), and each other old pattern must be found
// among n new ones. The same in NotResource: the new statement excludes
// one bucket the old one granted.
std::string hostile_wild_resources(std::size_t n) {
  return one_grant("Resource", arn_list(n, 1, "acs:oss:*:*:bucket-", "/*"));
}
std::string hostile_wild_resources_before(std::size_t n) {
  return one_grant("Resource", arn_list(n, 0, "acs:oss:*:*:bucket-", "/*"));
}
std::string hostile_excluded_resources(std::size_t n) {
  return one_grant("NotResource", arn_list(n, 1, "acs:oss:*:*:bucket-", "/*"));
}
std::string hostile_excluded_resources_before(std::size_t n) {
  return one_grant("NotResource", arn_list(n, 0, "acs:oss:*:*:bucket-", "/*"));
}
// n ARNs without wildcards granted, against a new version that grants all
// but n other buckets and one of the old ones (bucket/statement-dropped):
// each old ARN is asked of each excluded pattern.
std::string literal_resources(std::size_t n) {
  return one_grant("Resource", arn_list(n, 0, "acs:oss:cn-hangzhou:123:bucket-", "/x"));
}
std::string hostile_other_excluded(std::size_t n) {
  return one_grant("NotResource",
                   "\"acs:oss:cn-hangzhou:123:bucket-0/x\", " + arn_list(n, 0, "acs:oss:cn-hangzhou:123:other-", "/*"));
}

// Two statements of n ARN patterns each, every pattern of one compared
// with the other's (one pair after another, two of 4 000 took 1–3 s): an
// Allow of buckets b<i> and a Deny of all but buckets c<i> (does the Deny
// take the Allow back? only if no pattern of one overlaps one of the
// other, redundancy/allow-overridden); two Allows of the same patterns, the
// second in reverse order (does one cover the other?
// redundancy/statement-covered); a trust policy's RAM principals, the same.
std::string two_statements(const std::string& first, const std::string& second) {
  return statements_of("    {" + first + "},\n    {" + second + "}");
}
std::string reversed_arn_list(std::size_t n, const char* head, const char* tail) {
  std::string out;
  for (std::size_t i = n; i-- > 0;)
    out += std::string(i + 1 < n ? ", " : "") + "\"" + head + std::to_string(i) + tail + "\"";
  return out;
}
// The inside of a statement: effect, oss:GetObject, element: [list].
std::string get_object(const char* effect, const char* element, const std::string& list) {
  return std::string("\"Effect\": \"") + effect + "\", \"Action\": \"oss:GetObject\", \"" + element + "\": [" + list +
         "]";
}
std::string hostile_allow_deny_all_but(std::size_t n) {
  return two_statements(
      get_object("Allow", "Resource", arn_list(n, 0, "acs:oss:cn-hangzhou:1234567890123456:b", "/k*")),
      get_object("Deny", "NotResource", arn_list(n, 0, "acs:oss:cn-hangzhou:1234567890123456:c", "/k*")));
}
std::string hostile_allow_twice(std::size_t n) {
  const char* head = "acs:oss:*:1234567890123456:bucket-";
  return two_statements(get_object("Allow", "Resource", arn_list(n, 0, head, "/k*")),
                        get_object("Allow", "Resource", reversed_arn_list(n, head, "/k*")));
}
std::string hostile_principals_twice(std::size_t n) {
  auto trust = [](const std::string& list) {
    return "\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Principal\": {\"RAM\": [" + list + "]}";
  };
  const char* head = "acs:ram::1234567890123456:role/r";
  return two_statements(trust(arn_list(n, 0, head, "")), trust(reversed_arn_list(n, head, "")));
}
// Two Allows: n ARNs without wildcards, each covered by one of n wildcard
// patterns of the other statement, all of which share a long literal run
// (the account): a lookup by the longest run alone found every pattern for
// every ARN (redundancy/statement-covered).
std::string hostile_shared_run(std::size_t n) {
  return two_statements(get_object("Allow", "Resource", arn_list(n, 0, "acs:oss:*:1234567890123456:*/y", "")),
                        get_object("Allow", "Resource", arn_list(n, 0, "acs:oss:*:1234567890123456:b/y", "")));
}
// n wildcard ARNs granted, against a new version that grants all but one of
// them and n other buckets (bucket/statement-dropped): each old pattern is
// asked whether it overlaps an excluded one.
std::string wild_granted(std::size_t n) {
  return one_grant("Resource", arn_list(n, 0, "acs:oss:cn-hangzhou:123:bucket-", "/*"));
}
std::string hostile_wild_excluded(std::size_t n) {
  return one_grant("NotResource",
                   "\"acs:oss:cn-hangzhou:123:bucket-0/*\", " + arn_list(n, 0, "acs:oss:cn-hangzhou:123:other-", "/*"));
}

std::string hostile_depth(std::size_t n) {
  std::string s = "{\"Version\": \"1\", \"Statement\": ";
  s.append(n, '[');
  s.append(n, ']');
  return s + "}";
}

// A file of about n bytes: statements repeated (far over every limit).
std::string hostile_file(std::size_t n) {
  const std::string one =
      "    {\"Effect\": \"Allow\", \"Action\": [\"oss:GetObject\", \"oss:PutObject\"], \"Resource\": "
      "[\"acs:oss:*:1234567890123456:bucket/*\"]}";
  std::string body;
  body.reserve(n + one.size());
  while (body.size() < n) body += (body.empty() ? "" : ",\n") + one;
  return statements_of(body);
}

std::string hostile_random(std::size_t n) {
  std::mt19937_64 rng(7);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

// ---- hostile JSON policies: many keys, long arrays, pairwise rules ----

std::string num(std::size_t i) { return std::to_string(i); }

// One statement (JSON members, without braces) inside a permission policy.
std::string one_statement(const std::string& members) { return statements_of("    {" + members + "}"); }

// A JSON array of n strings made by f(i).
template <typename F>
std::string array_of(std::size_t n, F f) {
  std::string s = "[";
  for (std::size_t i = 0; i < n; ++i) s += (i ? ", \"" : "\"") + f(i) + "\"";
  return s + "]";
}

// The policy object itself with n extra top-level keys.
std::string hostile_top_keys(std::size_t n) {
  std::string s =
      "{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ecs:DescribeInstances\", "
      "\"Resource\": \"*\"}]";
  for (std::size_t i = 0; i < n; ++i) s += ", \"k" + num(i) + "\": \"v\"";
  return s + "}\n";
}

// One statement with n unknown keys (some differ from a known one only by case).
std::string hostile_statement_keys(std::size_t n) {
  std::string m = "\"Effect\": \"Allow\", \"Action\": \"ecs:DescribeInstances\", \"Resource\": \"*\"";
  for (std::size_t i = 0; i < n; ++i) m += ", \"" + std::string(i % 2 ? "Actio" : "k") + num(i) + "\": \"v\"";
  return one_statement(m);
}

// {"StringEquals": {"k0": "v", "k1": "v", ...}}: one operator block with n keys.
std::string hostile_condition_keys(std::size_t n) {
  std::string c = "{\"StringEquals\": {";
  for (std::size_t i = 0; i < n; ++i) c += (i ? ", \"acs:k" : "\"acs:k") + num(i) + "\": \"v\"";
  return one_statement(
      "\"Effect\": \"Allow\", \"Action\": \"ecs:DescribeInstances\", \"Resource\": \"*\", \"Condition\": " + c + "}}");
}

// A Condition with n operators: the known ones with every prefix and suffix,
// then unknown names close to known ones.
std::string hostile_operators(std::size_t n) {
  static const char* const ops[] = {"StringEquals", "StringNotEquals", "StringLike", "StringNotLike",
                                    "IpAddress",    "NotIpAddress",    "Bool",       "NumericEquals",
                                    "DateLessThan", "DateGreaterThan"};
  static const char* const pre[] = {"", "ForAnyValue:", "ForAllValues:"};
  std::string c = "{";
  for (std::size_t i = 0; i < n; ++i) {
    std::string op = i < 60 ? std::string(pre[i / 20]) + ops[i % 10] + (i % 20 >= 10 ? "IfExists" : "")
                            : std::string(ops[i % 10]) + "X" + num(i);
    c += (i ? ", \"" : "\"") + op + "\": {\"acs:SourceIp\": \"10.0.0." + num(i % 256) + "\"}";
  }
  return one_statement(
      "\"Effect\": \"Allow\", \"Action\": \"ecs:DescribeInstances\", \"Resource\": \"*\", \"Condition\": " + c + "}");
}

// Action entries that cover and nearly repeat each other: a wildcard, the
// names it covers, and the same names in other case.
std::string action_entry(std::size_t i) {
  switch (i % 4) {
    case 0:
      return "ecs:Describe" + num(i / 4) + "*";
    case 1:
      return "ecs:Describe" + num(i / 4) + "Instances";
    case 2:
      return "ecs:describe" + num(i / 4) + "instances";
    default:
      return "ECS:Describe" + num(i / 4) + "Instances";
  }
}

std::string resource_entry(std::size_t i) {
  switch (i % 4) {
    case 0:
      return "acs:oss:*:1234567890123456:b" + num(i / 4) + "/*";
    case 1:
      return "acs:oss:*:1234567890123456:b" + num(i / 4) + "/dir/obj";
    case 2:
      return "acs:oss:*:1234567890123456:B" + num(i / 4) + "/*";
    default:
      return "acs:oss:*:*:b" + num(i / 4) + "*";
  }
}

std::string hostile_actions_alike(std::size_t n) {
  return one_statement("\"Effect\": \"Allow\", \"Resource\": \"*\", \"Action\": " + array_of(n, action_entry));
}

std::string hostile_not_actions(std::size_t n) {
  return one_statement("\"Effect\": \"Allow\", \"Resource\": \"*\", \"NotAction\": " + array_of(n, action_entry));
}

std::string hostile_resources(std::size_t n) {
  return one_statement("\"Effect\": \"Allow\", \"Action\": \"oss:GetObject\", \"Resource\": " +
                       array_of(n, resource_entry));
}

std::string hostile_not_resources(std::size_t n) {
  return one_statement("\"Effect\": \"Deny\", \"Action\": \"oss:GetObject\", \"NotResource\": " +
                       array_of(n, resource_entry));
}

// A trust policy whose Principal has n entries in each of its three lists.
std::string hostile_principals(std::size_t n) {
  auto ram = [](std::size_t i) {
    return i % 3 == 0 ? "acs:ram::" + num(1000000000000000 + i) + ":root"
                      : "acs:ram::1234567890123456:role/r" + num(i) + (i % 3 == 2 ? "*" : "");
  };
  auto service = [](std::size_t i) { return "ecs" + num(i) + (i % 2 ? ".aliyuncs.com" : ".ALIYUNCS.com"); };
  auto federated = [](std::size_t i) { return "acs:ram::1234567890123456:saml-provider/p" + num(i); };
  return one_statement(
      "\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Principal\": {\"RAM\": " + array_of(n, ram) +
      ", \"Service\": " + array_of(n, service) + ", \"Federated\": " + array_of(n, federated) + "}");
}

// A bucket policy whose Principal list has n account ids (some repeated).
std::string hostile_bucket_principals(std::size_t n) {
  return one_statement(
      "\"Effect\": \"Allow\", \"Action\": [\"oss:GetObject\"], \"Resource\": "
      "[\"acs:oss:*:1234567890123456:bucket/*\"], \"Principal\": " +
      array_of(n, [](std::size_t i) { return num(1000000000000000 + i / 2 * 3); }));
}

// A bucket policy whose n/2 Resource ARNs name distinct buckets of distinct
// accounts and whose n/2 principals are other accounts, the last one the
// first resource's owner: bucket/multiple-buckets, multiple-owners and
// swapped-accounts compare accounts and names across the two lists.
std::string hostile_bucket_accounts(std::size_t n) {
  std::size_t half = std::max<std::size_t>(n / 2, 1);
  return one_statement(
      "\"Effect\": \"Allow\", \"Action\": [\"oss:ReplicateGet\"], \"Resource\": " +
      array_of(half, [](std::size_t i) { return "acs:oss:*:" + num(2000000000000000 + i) + ":b" + num(i) + "/*"; }) +
      ", \"Principal\": " +
      array_of(half, [&](std::size_t i) { return num(i + 1 == half ? 2000000000000000 : 1000000000000000 + i); }));
}

// n/2 ECS actions on n/2 RDS instances: resource/service-mismatch pairs the
// services of the two lists.
std::string hostile_service_pairs(std::size_t n) {
  std::size_t half = std::max<std::size_t>(n / 2, 1);
  static const char* const actions[] = {"ecs:DescribeInstances", "ecs:StartInstance", "ecs:StopInstance"};
  return one_statement("\"Effect\": \"Allow\", \"Action\": " +
                       array_of(half, [](std::size_t i) { return std::string(actions[i % 3]); }) +
                       ", \"Resource\": " + array_of(half, [](std::size_t i) {
                         return "acs:rds:*:1234567890123456:dbinstance/i" + num(i);
                       }));
}

// An object action on n distinct bucket ARNs: resource/oss-level-mismatch
// lists the n object ARNs to add.
std::string hostile_missing_objects(std::size_t n) {
  return one_statement("\"Effect\": \"Allow\", \"Action\": [\"oss:GetObject\"], \"Resource\": " +
                       array_of(n, [](std::size_t i) { return "acs:oss:*:1234567890123456:b" + num(i); }));
}

// Condition value lists of n entries: addresses (overlapping networks),
// patterns (with wildcards) and strings.
std::string hostile_condition_values(std::size_t n) {
  auto ip = [](std::size_t i) {
    return "10." + num(i / 65536 % 256) + "." + num(i / 256 % 256) + "." + num(i % 256) + (i % 3 ? "/32" : "/24");
  };
  auto vpc = [](std::size_t i) { return "vpc-" + num(i) + (i % 2 ? "*" : ""); };
  auto tag = [](std::size_t i) { return "v" + num(i / 2); };
  return one_statement(
      "\"Effect\": \"Allow\", \"Action\": \"ecs:DescribeInstances\", \"Resource\": \"*\", \"Condition\": "
      "{\"IpAddress\": {\"acs:SourceIp\": " +
      array_of(n, ip) + "}, \"StringLike\": {\"acs:SourceVpc\": " + array_of(n, vpc) +
      "}, \"StringEquals\": {\"ecs:tag/env\": " + array_of(n, tag) + "}}}");
}

// n statements, all with the same Sid (or each with its own).
std::string sid_statements(std::size_t n, bool same) {
  std::string body;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) body += ",\n";
    body += "    {\"Sid\": \"" + (same ? std::string("S") : "S" + num(i)) +
            "\", \"Effect\": \"Allow\", \"Action\": \"ecs:Describe" + num(i) + "\", \"Resource\": \"*\"}";
  }
  return statements_of(body);
}
std::string hostile_same_sid(std::size_t n) { return sid_statements(n, true); }
std::string hostile_distinct_sid(std::size_t n) { return sid_statements(n, false); }

// Strings of about n bytes made of a repeated piece, in Action and Resource
// of one statement and against a literal in a second statement (the
// covering test matches one pattern against the other).
std::string repeated(std::string prefix, const std::string& piece, std::size_t n, const std::string& tail = "") {
  while (prefix.size() + piece.size() + tail.size() <= n) prefix += piece;
  return prefix + tail;
}
std::string two_statements(const std::string& a1, const std::string& r1, const std::string& a2, const std::string& r2) {
  return statements_of("    {\"Effect\": \"Allow\", \"Action\": \"" + a1 + "\", \"Resource\": \"" + r1 +
                       "\"},\n    {\"Effect\": \"Allow\", \"Action\": \"" + a2 + "\", \"Resource\": \"" + r2 + "\"}");
}
std::string hostile_placeholders(std::size_t n) {
  return two_statements("oss:GetObject", repeated("acs:oss:*:1234567890123456:b/", "${x}${", n), "oss:GetObject",
                        repeated("acs:oss:*:1234567890123456:b/", "${acs:CurrentTime}/", n));
}
// "*a*a...*a*b" against "aa...ab": a backtracking matcher takes exponential time.
std::string hostile_star_runs(std::size_t n) {
  return two_statements(repeated("oss:", "*a", n, "*b"), repeated("acs:oss:*:1234567890123456:b/", "*a", n, "*b"),
                        repeated("oss:", "a", n, "b"), repeated("acs:oss:*:1234567890123456:b/", "a", n, "b"));
}
// "*aa...ab*" (n/2 a's) against "aa...ab" (n a's): a naive substring search
// takes n*n/2 steps.
std::string hostile_long_literal(std::size_t n) {
  std::string half(n / 2, 'a'), full(n, 'a');
  return two_statements("oss:*" + half + "b*", "acs:oss:*:1234567890123456:b/*" + half + "b*", "oss:" + full + "b",
                        "acs:oss:*:1234567890123456:b/" + full + "b");
}
// Runs of * and of ?.
std::string hostile_stars(std::size_t n) {
  return two_statements(repeated("oss:", "*", n, "b"), repeated("acs:oss:*:1234567890123456:b/", "*", n, "b"),
                        repeated("oss:", "?", n), repeated("acs:oss:*:1234567890123456:b/", "?*", n));
}
std::string hostile_arn_separators(std::size_t n) {
  return two_statements("ram:GetRole", repeated("acs:ram::1234567890123456:role/", ":", n), "oss:GetObject",
                        repeated("acs:oss:*:1234567890123456:b", "/a", n));
}

// ---- hostile Terraform ----

// n resources, each with its own policy: a heredoc, a jsonencode, a data
// source, or a string, in turn.
std::string hostile_tf_resources(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    std::string id = num(i);
    switch (i % 4) {
      case 0:
        s += "resource \"alicloud_ram_policy\" \"p" + id + "\" {\n  policy_name = \"p" + id +
             "\"\n  policy_document = <<EOF\n{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": "
             "\"ecs:Describe" +
             id + "\", \"Resource\": \"*\"}]}\nEOF\n}\n";
        break;
      case 1:
        s += "resource \"alicloud_ram_role\" \"r" + id + "\" {\n  name = \"r" + id +
             "\"\n  assume_role_policy_document = jsonencode({\n    Version = \"1\"\n    Statement = [{ Effect = "
             "\"Allow\", Action = \"sts:AssumeRole\", Principal = { Service = [\"ecs.aliyuncs.com\"] } }]\n  })\n}\n";
        break;
      case 2:
        s += "data \"alicloud_ram_policy_document\" \"d" + id +
             "\" {\n  statement {\n    effect = \"Allow\"\n    action = [\"oss:GetObject\"]\n    resource = "
             "[\"acs:oss:*:*:b" +
             id + "/*\"]\n  }\n}\nresource \"alicloud_ram_policy\" \"q" + id +
             "\" {\n  policy_document = data.alicloud_ram_policy_document.d" + id + ".document\n}\n";
        break;
      default:
        s += "resource \"alicloud_oss_bucket_policy\" \"b" + id + "\" {\n  bucket = \"b" + id +
             "\"\n  policy = \"{\\\"Version\\\": \\\"1\\\", \\\"Statement\\\": [{\\\"Effect\\\": \\\"Allow\\\", "
             "\\\"Action\\\": \\\"oss:GetObject\\\", \\\"Principal\\\": [\\\"*\\\"], \\\"Resource\\\": "
             "\\\"acs:oss:*:*:b" +
             id + "/*\\\"}]}\"\n}\n";
        break;
    }
  }
  return s;
}

// n resources that all take the same jsonencode(local.p) document, and n
// unused data sources.
std::string hostile_tf_shared(std::size_t n) {
  std::string s =
      "locals {\n  p = { Version = \"1\", Statement = [{ Effect = \"Allow\", Action = \"ecs:*\", Resource = \"*\" "
      "}] }\n}\n";
  for (std::size_t i = 0; i < n; ++i) {
    s += "resource \"alicloud_ram_policy\" \"p" + num(i) + "\" {\n  policy_document = jsonencode(local.p)\n}\n";
    s += "data \"alicloud_ram_policy_document\" \"d" + num(i) + "\" {\n  statement {\n    action = [\"ecs:Describe" +
         num(i) + "\"]\n    resource = [\"*\"]\n  }\n}\n";
  }
  return s;
}

// A module of n files (the case named kModule: separated by a form feed,
// each file linted with the module, as a run does), each with a local and three resources
// whose policies are written in the next file's local. Each file's reading
// once resolved every use of the module (500 files of 10 resources: 3.7 s).
constexpr char kFileSeparator = '\f';
constexpr const char* kModule = "module/";
std::string hostile_tf_files(std::size_t n) {
  std::string s;
  for (std::size_t f = 0; f < n; ++f) {
    if (f) s += kFileSeparator;
    s += "locals {\n  p" + num(f) + " = { Version = \"1\", Statement = [{ Effect = \"Allow\", Action = \"oss:Get" +
         num(f) + "\", Resource = \"acs:oss:*:*:bucket-" + num(f) + "/*\" }] }\n}\n";
    for (int r = 0; r < 3; ++r)
      s += "resource \"alicloud_ram_policy\" \"p" + num(f) + "_" + num(static_cast<std::size_t>(r)) +
           "\" {\n  policy_document = jsonencode(local.p" + num((f + 1) % n) + ")\n}\n";
  }
  return s;
}

// Nesting n deep: tuples in a jsonencode policy, parentheses, calls and
// templates in other attributes.
std::string hostile_tf_depth(std::size_t n) {
  std::string tuple(n, '['), parens(n, '('), calls, tmpl;
  tuple += std::string(n, ']');
  parens += "1" + std::string(n, ')');
  for (std::size_t i = 0; i < n; ++i) calls += "f(";
  calls += "1" + std::string(n, ')');
  for (std::size_t i = 0; i < n; ++i) tmpl += "\"${";
  tmpl += "1";
  for (std::size_t i = 0; i < n; ++i) tmpl += "}\"";
  return "resource \"alicloud_ram_policy\" \"p\" {\n  policy_document = jsonencode({ Version = \"1\", Statement = "
         "[{ Effect = \"Allow\", Action = \"ecs:*\", Resource = " +
         tuple + " }] })\n  a = " + parens + "\n  b = " + calls + "\n  c = " + tmpl + "\n}\n";
}

// One heredoc policy of n lines (an Action entry each), <<- indented.
std::string hostile_tf_heredoc(std::size_t n) {
  std::string s =
      "resource \"alicloud_ram_policy\" \"p\" {\n  policy_document = <<-EOT\n    {\"Version\": \"1\", \"Statement\": "
      "[{\"Effect\": \"Allow\", \"Resource\": \"*\", \"Action\": [\n";
  for (std::size_t i = 0; i < n; ++i) s += (i ? ",\n      \"ecs:Describe" : "      \"ecs:Describe") + num(i) + "\"";
  return s + "\n    ]}]}\n    EOT\n}\n";
}

// n jsonencode policies in locals, each with a few statements.
std::string hostile_tf_jsonencode(std::size_t n) {
  std::string s = "locals {\n";
  for (std::size_t i = 0; i < n; ++i)
    s += "  p" + num(i) + " = { Version = \"1\", Statement = [{ Effect = \"Allow\", Action = [\"ecs:Describe" + num(i) +
         "\", \"ecs:Start*\"], Resource = [\"acs:ecs:*:*:instance/i" + num(i) +
         "\"] }, { Effect = \"Deny\", Action = \"ecs:Delete*\", Resource = \"*\" }] }\n";
  s += "}\n";
  for (std::size_t i = 0; i < n; ++i)
    s += "resource \"alicloud_ram_policy\" \"p" + num(i) + "\" {\n  policy_document = jsonencode(local.p" + num(i) +
         ")\n}\n";
  return s;
}

// Interpolations: a Resource string of n of them, and a chain of n locals
// each naming the next.
std::string hostile_tf_interpolation(std::size_t n) {
  std::string r = "acs:oss:*:*:b/";
  for (std::size_t i = 0; i < n; ++i) r += "${var.v" + num(i % 10) + "}-";
  std::string s = "locals {\n";
  for (std::size_t i = 0; i + 1 < n; ++i) s += "  l" + num(i) + " = local.l" + num(i + 1) + "\n";
  s += "  l" + num(n - 1) +
       " = { Version = \"1\", Statement = [{ Effect = \"Allow\", Action = \"oss:GetObject\", Resource = \"" + r +
       "\" }] }\n}\n";
  s += "resource \"alicloud_ram_policy\" \"a\" {\n  policy_document = jsonencode(local.l0)\n}\n";
  s += "resource \"alicloud_ram_policy\" \"b\" {\n  policy_document = jsonencode(local.l" + num(n - 1) + ")\n}\n";
  return s;
}

// `terraform show -json` of a plan with n policy resources, in the planned
// values and in the resource changes.
std::string hostile_tf_plan(std::size_t n) {
  std::string res, changes;
  for (std::size_t i = 0; i < n; ++i) {
    std::string doc =
        "{\\\"Version\\\": \\\"1\\\", \\\"Statement\\\": [{\\\"Effect\\\": \\\"Allow\\\", "
        "\\\"Action\\\": \\\"ecs:Describe" +
        num(i) + "\\\", \\\"Resource\\\": \\\"*\\\"}]}";
    std::string addr = "alicloud_ram_policy.p" + num(i);
    res += std::string(i ? ",\n" : "") + "{\"address\": \"" + addr +
           "\", \"mode\": \"managed\", \"type\": \"alicloud_ram_policy\", \"values\": {\"policy_document\": \"" + doc +
           "\"}}";
    changes += std::string(i ? ",\n" : "") + "{\"address\": \"" + addr +
               "\", \"type\": \"alicloud_ram_policy\", \"change\": {\"after\": {\"policy_document\": \"" + doc +
               "\"}}}";
  }
  return "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {\"resources\": [\n" + res +
         "]}}, \"resource_changes\": [\n" + changes + "]}\n";
}

// ---- hostile ROS templates ----

std::string ros_yaml_resource(std::size_t i) {
  std::string id = num(i);
  return "  P" + id + ":\n    Type: ALIYUN::RAM::ManagedPolicy\n    Properties:\n      PolicyName: p" + id +
         "\n      PolicyDocument:\n        Version: '1'\n        Statement:\n          - Effect: Allow\n            "
         "Action: ['ecs:Describe" +
         id +
         "', 'ecs:Start*']\n            Resource: ['*']\n            Condition: {Bool: {'acs:MFAPresent': "
         "{'Fn::GetAtt': [X, Y]}}}\n";
}

std::string hostile_ros_yaml(std::size_t n) {
  std::string s = "ROSTemplateFormatVersion: '2015-09-01'\nResources:\n";
  for (std::size_t i = 0; i < n; ++i) s += ros_yaml_resource(i);
  return s;
}

// Flow sequences nested n deep in a property, and a block mapping nested
// n/10 deep elsewhere.
std::string hostile_ros_yaml_depth(std::size_t n) {
  std::string s =
      "ROSTemplateFormatVersion: '2015-09-01'\nMetadata: " + std::string(n, '[') + std::string(n, ']') + "\nOutputs:\n";
  std::string indent = "  ";
  for (std::size_t i = 0; i < n / 10; ++i, indent += " ") s += indent + "k" + num(i) + ":\n";
  s += indent + "v\nResources:\n" + ros_yaml_resource(0);
  return s;
}

// One anchored policy that n resources take by alias.
std::string hostile_ros_yaml_aliases(std::size_t n) {
  std::string s = "ROSTemplateFormatVersion: '2015-09-01'\nResources:\n";
  for (std::size_t i = 0; i < n; ++i) {
    s += "  P" + num(i) + ":\n    Type: ALIYUN::RAM::ManagedPolicy\n    Properties:\n      PolicyDocument: ";
    if (i == 0)
      s += "&doc\n        Version: '1'\n        Statement:\n          - Effect: Allow\n            Action: "
           "['ecs:*']\n            Resource: '*'\n";
    else
      s += "*doc\n";
  }
  return s;
}

// Aliases of aliases, three levels of n each: n*n*n copies, cut at the
// alias budget.
std::string hostile_ros_yaml_laughs(std::size_t n) {
  std::string s = "ROSTemplateFormatVersion: '2015-09-01'\nMetadata:\n  l0: &l0 [\"ecs:DescribeInstances\"]\n";
  for (std::size_t level = 1; level <= 3; ++level) {
    s += "  l" + num(level) + ": &l" + num(level) + " [";
    for (std::size_t i = 0; i < n; ++i) s += (i ? ", *l" : "*l") + num(level - 1);
    s += "]\n";
  }
  return s + "Resources: {}\n";
}

// A syntax error on every line.
std::string hostile_tf_errors(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += "a" + num(i) + " = b c <<EOF ${ \"\n";
  return s;
}

std::string hostile_ros_json(std::size_t n) {
  std::string s = "{\"ROSTemplateFormatVersion\": \"2015-09-01\", \"Resources\": {\n";
  for (std::size_t i = 0; i < n; ++i) {
    std::string id = num(i);
    s += std::string(i ? ",\n" : "") + "\"R" + id +
         "\": {\"Type\": \"ALIYUN::RAM::Role\", \"Properties\": {\"RoleName\": \"r" + id +
         "\", \"AssumeRolePolicyDocument\": {\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", "
         "\"Action\": \"sts:AssumeRole\", \"Principal\": {\"Service\": [\"ecs.aliyuncs.com\"]}}]}, \"Policies\": "
         "[{\"PolicyName\": \"p\", \"PolicyDocument\": {\"Version\": \"1\", \"Statement\": [{\"Effect\": "
         "\"Allow\", \"Action\": [\"ecs:Describe" +
         id + "\"], \"Resource\": {\"Fn::Join\": [\"\", [\"acs:ecs:*:*:instance/\", {\"Ref\": \"I\"}]]}}]}}]}}";
  }
  return s + "}}\n";
}

// The process's CPU time: steadier than wall time on a shared machine.
double cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

int run_hostile(const Args& args) {
#ifdef __GLIBC__
  // Freed memory stays in the heap for the next pass: otherwise glibc gives
  // the large blocks of the larger input back to the system after each pass
  // and the best of K still pays for zeroing fresh pages, which the smaller
  // input, served from the heap, does not.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
  struct Case {
    const char* what;
    const char* name;  // the extension chooses the reader
    std::string (*make)(std::size_t);
    std::size_t small;  // the growth pair: small and ten times small
    bool checked;
    std::size_t hostile = 0;  // also timed at this size (under 1 s) when larger than the pair
    // The previous version of the bucket policy, compared with it (--previous); none when null.
    std::string (*previous)(std::size_t) = nullptr;
  };
  const Case cases[] = {
      {"Action array, entries", "p.json", hostile_array, 1000, true, 100000},
      {"Action array, wildcards and near-duplicates", "p.json", hostile_actions_alike, 1000, true, 100000},
      {"Action array, unknown actions of a complete service", "p.json", hostile_unknown_actions, 1000, true, 100000},
      {"NotAction array, the same entries", "p.json", hostile_not_actions, 1000, true, 100000},
      {"Resource array, wildcards and near-duplicates", "p.json", hostile_resources, 1000, true, 100000},
      {"NotResource array, the same entries", "p.json", hostile_not_resources, 1000, true, 100000},
      {"Principal RAM, Service, Federated lists, entries each", "p.json", hostile_principals, 1000, true, 33334},
      {"bucket policy Principal list, entries", "p.json", hostile_bucket_principals, 1000, true, 100000},
      {"bucket policy, distinct buckets and accounts in Resource and Principal", "p.json", hostile_bucket_accounts,
       1000, true, 100000},
      {"Action and Resource of other services, entries", "p.json", hostile_service_pairs, 1000, true, 100000},
      {"an object action on distinct buckets, entries", "p.json", hostile_missing_objects, 1000, true, 100000},
      {"condition value lists, entries each", "p.json", hostile_condition_values, 1000, true, 33334},
      {"keys of the policy object", "p.json", hostile_top_keys, 1000, true, 100000},
      {"keys of one statement", "p.json", hostile_statement_keys, 1000, true, 100000},
      {"keys of one condition operator block", "p.json", hostile_condition_keys, 1000, true, 100000},
      {"condition operators", "p.json", hostile_operators, 1000, true, 100000},
      {"one Resource string, bytes (over the 32 KiB limit)", "p.json", hostile_string, 100000, true},
      {"one Resource string, bytes (under the limit)", "p.json", hostile_string, 3000, true},
      {"strings of ${ and placeholders, bytes", "p.json", hostile_placeholders, 3000, true},
      {"strings of *a runs against a's, bytes", "p.json", hostile_star_runs, 3000, true},
      {"a long literal between wildcards against a longer one, bytes", "p.json", hostile_long_literal, 3000, true},
      {"strings of * and ? runs, bytes", "p.json", hostile_stars, 3000, true},
      {"ARNs of : and / runs, bytes", "p.json", hostile_arn_separators, 3000, true},
      {"statements (under the 1 000 limit)", "p.json", hostile_statements, 100, true},
      {"statements (over the limit)", "p.json", hostile_statements, 1000, true},
      {"statements, one Sid", "p.json", hostile_same_sid, 100, true},
      {"statements, distinct Sids", "p.json", hostile_distinct_sid, 100, true},
      {"statements alike but for the bucket in their resource", "p.json", hostile_alike, 100, true},
      {"nesting depth", "p.json", hostile_depth, 10000, true},
      {"file size, bytes", "p.json", hostile_file, 10000000, true},
      {"random bytes", "p.json", hostile_random, 2000000, true},
      {"Terraform: resources with policies", "main.tf", hostile_tf_resources, 300, true, 10000},
      {"Terraform: resources sharing a local, data sources", "main.tf", hostile_tf_shared, 300, true, 10000},
      {"Terraform: files of one module, each using the next one's local", kModule, hostile_tf_files, 100, true},
      {"Terraform: nesting depth", "main.tf", hostile_tf_depth, 1000, true},
      {"Terraform: heredoc lines", "main.tf", hostile_tf_heredoc, 3000, true, 100000},
      {"Terraform: jsonencode policies in locals", "main.tf", hostile_tf_jsonencode, 300, true, 10000},
      {"Terraform: interpolations, chained locals", "main.tf", hostile_tf_interpolation, 1000, true},
      {"Terraform: a syntax error on every line", "main.tf", hostile_tf_errors, 10000, true},
      {"Terraform: random bytes", "main.tf", hostile_random, 2000000, true},
      {"Terraform plan JSON: resources", "plan.json", hostile_tf_plan, 1000, true},
      {"ROS YAML: resources", "t.yaml", hostile_ros_yaml, 1000, true},
      {"ROS YAML: nesting depth", "t.yaml", hostile_ros_yaml_depth, 1000, true},
      {"ROS YAML: aliases of one policy", "t.yaml", hostile_ros_yaml_aliases, 1000, true},
      {"ROS YAML: aliases of aliases", "t.yaml", hostile_ros_yaml_laughs, 100, true},
      {"ROS JSON: resources", "t.json", hostile_ros_json, 300, true, 10000},
      {"bucket policy against its previous version, statements", "p.json", hostile_grants, 100, true, 0,
       hostile_grants_before},
      {"bucket policy against its previous version, wildcard principals and resources", "p.json", hostile_grants_wild,
       100, true, 0, hostile_grants_wild_before},
      {"bucket policy against its previous version, wildcard ARNs of one statement", "p.json", hostile_wild_resources,
       1000, true, 100000, hostile_wild_resources_before},
      {"bucket policy against its previous version, NotResource of one statement", "p.json", hostile_excluded_resources,
       1000, true, 100000, hostile_excluded_resources_before},
      {"bucket policy against its previous version, a new NotResource against old ARNs", "p.json",
       hostile_other_excluded, 1000, true, 100000, literal_resources},
      {"bucket policy against its previous version, a new NotResource against old wildcard ARNs", "p.json",
       hostile_wild_excluded, 1000, true, 100000, wild_granted},
      {"an Allow's Resource against a Deny's NotResource, entries each", "p.json", hostile_allow_deny_all_but, 1000,
       true, 100000},
      {"two Allows of the same Resource entries, one reversed, entries each", "p.json", hostile_allow_twice, 1000, true,
       100000},
      {"two trust statements of the same RAM principals, one reversed, entries each", "p.json",
       hostile_principals_twice, 1000, true, 100000},
      {"two Allows, ARNs against patterns that share the account, entries each", "p.json", hostile_shared_run, 1000,
       true, 100000},
  };
  Linter linter{LintOptions{}};
  // The previous version of a case, read as the CLI's --previous reads it.
  auto previous_of = [&](const std::string& text) {
    std::string tmpl = (fs::temp_directory_path() / "policylint-bench-XXXXXX").string();
    int fd = ::mkstemp(tmpl.data());
    if (fd < 0) usage("cannot create a temporary file");
    ::close(fd);
    std::ofstream(tmpl, std::ios::binary) << text;
    std::string error;
    std::optional<Previous> p = policylint::load_previous_file(tmpl, error);
    fs::remove(tmpl);
    if (!p) usage(("the previous version does not load: " + error).c_str());
    return std::move(*p);
  };
  // dropped: the bucket/statement-dropped findings (a case compared with a
  // previous version must report the one statement it drops: else the
  // comparison did not run, and its time says nothing).
  std::size_t dropped = 0;
  auto time_of = [&](const char* name, const std::string& text, std::size_t& findings,
                     const Previous* previous = nullptr) {
    double best = 1e100;
    Neighbours nb;
    nb.previous = previous;
    // A module's files (see hostile_tf_files): each linted with the module.
    if (std::string_view(name) == kModule) {
      std::vector<std::string> files;
      for (std::size_t at = 0;;) {
        std::size_t end = std::min(text.find(kFileSeparator, at), text.size());
        files.push_back(text.substr(at, end - at));
        if (end == text.size()) break;
        at = end + 1;
      }
      for (int r = 0; r < args.repeat; ++r) {
        double t = cpu_seconds();
        policylint::input::TerraformModule module(files, policylint::json::Limits{});
        Neighbours in_module;
        in_module.module = &module;
        findings = 0;
        for (std::size_t i = 0; i < files.size(); ++i)
          findings += linter.lint("f" + std::to_string(i) + ".tf", files[i], in_module).findings.size();
        best = std::min(best, cpu_seconds() - t);
      }
      return best;
    }
    for (int r = 0; r < args.repeat; ++r) {
      std::string copy = text;
      double t = cpu_seconds();
      FileReport rep = linter.lint(name, std::move(copy), nb);
      best = std::min(best, cpu_seconds() - t);
      findings = rep.findings.size();
      dropped = static_cast<std::size_t>(std::count_if(rep.findings.begin(), rep.findings.end(), [](const auto& f) {
        return f.rule == "bucket/statement-dropped";
      }));
    }
    return best;
  };
  bool ok = true;
  if (args.dump.empty())
    std::cout << "| input | size | time | findings | size x10 | time | findings | growth | hostile size | time | check "
                 "|\n"
              << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
  for (const Case& c : cases) {
    if (std::string_view(c.what).find(args.only) == std::string_view::npos) continue;
    if (!args.dump.empty()) {
      // Case N's inputs as N-SIZE-NAME (and the previous version as
      // N-SIZE-previous-NAME, for --previous), to profile one with the CLI.
      fs::create_directories(args.dump);
      for (std::size_t size : {c.small, c.small * 10}) {
        const std::string stem = std::to_string(&c - cases + 1) + "-" + std::to_string(size) + "-";
        fs::path file = fs::path(args.dump) / (stem + c.name);
        if (std::string_view(c.name) == kModule) {
          // A module: a directory N-SIZE-module/ of files f0.tf, f1.tf, ...
          fs::create_directories(file);
          const std::string text = c.make(size);
          std::size_t at = 0;
          for (std::size_t i = 0;; ++i) {
            std::size_t end = std::min(text.find(kFileSeparator, at), text.size());
            std::ofstream(file / ("f" + std::to_string(i) + ".tf"), std::ios::binary) << text.substr(at, end - at);
            if (end == text.size()) break;
            at = end + 1;
          }
        } else {
          std::ofstream(file, std::ios::binary) << c.make(size);
        }
        std::cout << file.string() << "  " << c.what << "\n";
        if (c.previous != nullptr) {
          fs::path before = fs::path(args.dump) / (stem + "previous-" + c.name);
          std::ofstream(before, std::ios::binary) << c.previous(size);
          std::cout << before.string() << "  (its previous version)\n";
        }
      }
      continue;
    }
    std::size_t f1 = 0, f2 = 0;
    std::optional<Previous> p1, p2;
    if (c.previous != nullptr) p1 = previous_of(c.previous(c.small)), p2 = previous_of(c.previous(c.small * 10));
    double t1 = time_of(c.name, c.make(c.small), f1, p1 ? &*p1 : nullptr);
    const std::size_t dropped1 = dropped;
    double t2 = time_of(c.name, c.make(c.small * 10), f2, p2 ? &*p2 : nullptr);
    const bool compared = c.previous == nullptr || (dropped1 == 1 && dropped == 1);
    double growth = t2 / std::max(t1, 1e-9);
    bool judged = t2 >= 0.005;
    // The hostile size, when it is past the growth pair: only its time is judged.
    std::size_t f3 = 0;
    bool third = c.hostile > c.small * 10;
    std::optional<Previous> p3;
    if (third && c.previous != nullptr) p3 = previous_of(c.previous(c.hostile));
    double t3 = third ? time_of(c.name, c.make(c.hostile), f3, p3 ? &*p3 : nullptr) : t2;
    const bool compared3 = !third || c.previous == nullptr || dropped == 1;
    bool pass = compared && compared3 && (!c.checked || (t2 < 1.0 && t3 < 1.0 && (!judged || growth <= 15.0)));
    ok = ok && pass;
    std::cout << "| " << c.what << " | " << c.small << " | " << fmt(t1 * 1000, 2) << " ms | " << f1 << " | "
              << c.small * 10 << " | " << fmt(t2 * 1000, 2) << " ms | " << f2 << " | " << fmt(growth, 1) << "x | "
              << (third ? std::to_string(c.hostile) + " | " + fmt(t3 * 1000, 1) + " ms | " : std::string("| | "))
              << (!compared || !compared3 ? "FAILED (no statement dropped)"
                  : !c.checked            ? "-"
                  : pass                  ? (judged ? "ok" : "ok (under 5 ms)")
                                          : "FAILED")
              << " |" << std::endl;
  }
  // What a large document leaves behind: the engine keeps per-thread scratch
  // memory and caches from one document to the next, and a run lints many
  // files on one thread. A small input is timed before and after documents of
  // 100 000 keys, entries and operators; it may take at most twice the time.
  bool after_ok = true;
  if (args.dump.empty() && args.only.empty()) {
    std::size_t f = 0;
    const std::string small_tf = hostile_tf_shared(1000), small_json = hostile_actions_alike(3000);
    double tf_before = time_of("main.tf", small_tf, f), json_before = time_of("p.json", small_json, f);
    for (auto make : {hostile_top_keys, hostile_statement_keys, hostile_condition_keys, hostile_operators,
                      hostile_actions_alike, hostile_resources, hostile_bucket_principals})
      time_of("p.json", make(100000), f);
    double tf_after = time_of("main.tf", small_tf, f), json_after = time_of("p.json", small_json, f);
    after_ok = tf_after <= 2 * tf_before && json_after <= 2 * json_before;
    std::cout << "\nafter documents of 100 000 keys and entries, on the same thread: Terraform (1 000 resources) "
              << fmt(tf_before * 1000, 2) << " ms -> " << fmt(tf_after * 1000, 2) << " ms, JSON (3 000 actions) "
              << fmt(json_before * 1000, 2) << " ms -> " << fmt(json_after * 1000, 2)
              << " ms (at most 2x): " << (after_ok ? "ok" : "FAILED") << "\n";
  }
  std::cout << "\ngrowth check (10x the input, at most 15x the time; every input under 1 s): "
            << (ok ? "passed" : "FAILED") << "\n";
  return ok && after_ok ? 0 : 1;
}

// --families: the lint's time with every rule on, with every family off and
// with each family off in turn (see the top of the file).
int run_families(const Corpus& corpus, const Args& args) {
  std::vector<std::string> families;
  for (const policylint::RuleMeta& m : policylint::rule_metadata()) {
    std::string family(m.id.substr(0, m.id.find('/')));
    if (std::find(families.begin(), families.end(), family) == families.end()) families.push_back(family);
  }
  // Configuration 0: every rule; 1: every family off; 2 + i: family i off.
  std::vector<Linter> linters;
  linters.emplace_back(LintOptions{});
  {
    LintOptions none;
    none.disable.insert(families.begin(), families.end());
    linters.emplace_back(std::move(none));
  }
  for (const std::string& f : families) {
    LintOptions o;
    o.disable.insert(f);
    linters.emplace_back(std::move(o));
  }
  std::vector<double> best(linters.size(), 1e100);
  std::vector<std::size_t> findings(linters.size(), 0);
  for (int r = 0; r < args.repeat; ++r)
    for (std::size_t c = 0; c < linters.size(); ++c) {
      std::vector<std::string> copies = corpus.texts;  // lint takes its buffer
      std::size_t found = 0;
      auto t = Clock::now();
      for (std::size_t i = 0; i < copies.size(); ++i)
        found += linters[c].lint(corpus.names[i], std::move(copies[i])).findings.size();
      best[c] = std::min(best[c], seconds_since(t));
      findings[c] = found;
    }
  const double full = best[0];
  std::cout << "corpus: " << corpus.texts.size() << " files, " << fmt(static_cast<double>(corpus.bytes) / 1e6, 2)
            << " MB; full lint, one thread, best of " << args.repeat << ": " << fmt(full * 1000, 1) << " ms, "
            << findings[0] << " findings\n\n"
            << "| part | time | share of the lint | findings |\n|---|---:|---:|---:|\n";
  // n: findings (a family off may let another rule report what it would
  // have taken as its own root cause: fewer, not more, is not certain).
  auto row = [&](const std::string& what, double s, long long n) {
    std::cout << "| " << what << " | " << fmt(s * 1000, 1) << " ms | " << fmt(100 * s / full, 1) << " % | " << n
              << " |\n";
  };
  auto count = [&](std::size_t c) { return static_cast<long long>(findings[c]); };
  row("reader, model and engine (every family off)", best[1], count(1));
  std::vector<std::size_t> order(families.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // The costliest family first; a family whose rules cost less than the
  // spread of the measure may come out below zero (its findings column: the
  // findings its rules make).
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return best[2 + x] < best[2 + y]; });
  double sum = 0;
  for (std::size_t i : order) {
    sum += full - best[2 + i];
    row(families[i], full - best[2 + i], count(0) - count(2 + i));
  }
  // What no family saves alone: the facts several families share (the
  // document's intent, its actions resolved in the catalog, its resources
  // parsed), which any family left on still makes.
  row("shared by several families (the rest)", full - best[1] - sum, 0);
  row("full lint", full, count(0));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2 && std::strcmp(argv[1], "--measure") == 0) return measure(argv + 2);
  Args args = parse_args(argc, argv);
  if (args.hostile) return run_hostile(args);
  Corpus corpus = args.dir.empty() ? generate(args.files, args.seed) : read_dir(args.dir);
  if (corpus.texts.empty()) usage("no input files");
  std::size_t small = 0;
  for (std::size_t i = 0; i < corpus.texts.size(); ++i) {
    corpus.bytes += corpus.texts[i].size();
    corpus.largest = std::max(corpus.largest, corpus.texts[i].size());
    // The small file: the first one between 300 and 800 bytes (else the smallest).
    auto sz = corpus.texts[i].size();
    if (sz >= 300 && sz <= 800 && (corpus.texts[small].size() < 300 || corpus.texts[small].size() > 800)) small = i;
  }
  if (args.families) return run_families(corpus, args);
  const double n = static_cast<double>(corpus.texts.size());
  const double mb = static_cast<double>(corpus.bytes) / 1e6;

  // (a) bare RapidJSON DOM parse of the same bytes and (b) the full lint in
  // memory, one thread, every rule on: K rounds of one pass of each, in turn,
  // so that a slow spell of a shared machine falls on both alike; each takes
  // its best round.
  Linter linter{LintOptions{}};
  double parse_s = 1e100, lint_s = 1e100;
  std::size_t parse_errors = 0, findings = 0, files_with_findings = 0;
  for (int r = 0; r < args.repeat; ++r) {
    if (args.phase != "lint") {
      auto t = Clock::now();
      parse_errors = policylint::bench::bare_parse(corpus.texts, 0, 1);
      parse_s = std::min(parse_s, seconds_since(t));
    }
    if (args.phase != "parse") {
      std::vector<std::string> copies = corpus.texts;  // lint takes its buffer
      findings = files_with_findings = 0;
      auto t = Clock::now();
      for (std::size_t i = 0; i < copies.size(); ++i) {
        FileReport rep = linter.lint(corpus.names[i], std::move(copies[i]));
        findings += rep.findings.size();
        files_with_findings += rep.findings.empty() ? 0 : 1;
      }
      lint_s = std::min(lint_s, seconds_since(t));
    }
  }

  // (a2) and (b2): the same two passes on two threads, each thread taking
  // every other file; K rounds in turn, each its best. A thread makes the
  // lint's copies of its texts before the clock starts, in its own heap, as
  // the CLI's workers read their files (texts made by one thread and freed
  // by another would time the allocator's locks between them, which the CLI
  // does not pay). Both measures are reported: on two threads the
  // allocator's locks and the shared caches weigh on the lint more than on
  // the parse.
  double parse2_s = 1e100, lint2_s = 1e100;
  if (args.phase.empty()) {
    const std::size_t count = corpus.texts.size();
    // prepare(t), then (the clock running) run(t), on threads 0 and 1.
    auto on_two = [&](auto&& prepare, auto&& run) {
      std::barrier start(2);
      Clock::time_point t0;
      auto work = [&](std::size_t t) {
        prepare(t);
        start.arrive_and_wait();
        if (t == 0) t0 = Clock::now();
        run(t);
      };
      std::thread other(work, std::size_t{1});
      work(0);
      other.join();
      return seconds_since(t0);
    };
    for (int r = 0; r < args.repeat; ++r) {
      parse2_s = std::min(parse2_s, on_two([](std::size_t) {},
                                           [&](std::size_t t) { policylint::bench::bare_parse(corpus.texts, t, 2); }));
      std::vector<std::string> copies[2];
      lint2_s = std::min(lint2_s, on_two(
                                      [&](std::size_t t) {
                                        for (std::size_t i = t; i < count; i += 2) copies[t].push_back(corpus.texts[i]);
                                      },
                                      [&](std::size_t t) {
                                        for (std::size_t i = t; i < count; i += 2) {
                                          FileReport rep = linter.lint(corpus.names[i], std::move(copies[t][i / 2]));
                                          (void)rep;
                                        }
                                      }));
    }
  }

  if (args.phase == "parse") {
    std::cout << "bare parse, best of " << args.repeat << ": " << fmt(parse_s * 1000, 1) << " ms\n";
    return 0;
  }
  if (args.phase == "lint") {
    std::cout << "full lint, best of " << args.repeat << ": " << fmt(lint_s * 1000, 1) << " ms; " << findings
              << " findings\n";
    return 0;
  }

  // (c) the CLI over the files on disk.
  fs::path dir;
  bool temp = false;
  if (!args.dir.empty()) {
    dir = args.dir;
  } else if (!args.keep.empty()) {
    dir = args.keep;
    write_corpus(corpus, dir);
  } else {
    std::string tmpl = (fs::temp_directory_path() / "policylint-bench-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) usage("cannot create a temporary directory");
    dir = tmpl;
    temp = true;
    write_corpus(corpus, dir);
  }
  // A measure means something only if the command worked: the CLI with
  // --fail-on never and the bare-parse program on a file it parses exit 0.
  // Any other status (127: the program was not found) ends the benchmark
  // rather than reporting the time of a failure as met.
  fs::path tf_dir;  // the Terraform tree of row (d), while it exists: removed on a failure too
  auto run_checked = [&](const std::vector<std::string>& command) {
    Child c = run(command);
    if (c.status != 0) {
      std::cerr << "policylint_bench: " << command.front() << " on " << command.back() << " exited with status "
                << c.status << ", not 0: no measure of it is reported\n";
      if (temp) fs::remove_all(dir);
      if (!tf_dir.empty()) fs::remove_all(tf_dir);
      std::exit(2);
    }
    return c;
  };
  std::vector<std::string> cli_args = {args.cli, "--format", "compact", "--fail-on", "never"};
  if (args.jobs != 0) cli_args.insert(cli_args.end(), {"--jobs", std::to_string(args.jobs)});
  auto tree_args = cli_args;
  tree_args.push_back(dir.string());
  run_checked(tree_args);  // warm the page cache
  std::vector<double> cli_times;
  long tree_rss = 0;
  int tree_status = 0;
  for (int r = 0; r < 3; ++r) {
    Child c = run_checked(tree_args);
    cli_times.push_back(c.wall);
    tree_rss = std::max(tree_rss, c.max_rss_kb);
    tree_status = c.status;
  }
  double cli_s = median(cli_times);

  // One small file, process start to exit, and the largest file alone.
  auto one_args = cli_args;
  one_args.push_back((dir / corpus.names[small]).string());
  // Start-up against the bare-parse program on the same file, in pairs
  // (A B A B ...), at least 21 pairs: the ratio of each pair, then the median.
  const std::vector<std::string> bare_args = {POLICYLINT_BENCH_BARE, (dir / corpus.names[small]).string()};
  std::vector<double> one, bare, startup_ratio;
  long one_rss = 0;
  for (int r = 0; r < std::max(args.runs, 21); ++r) {
    Child c = run_checked(one_args);
    Child b = run_checked(bare_args);
    one.push_back(c.wall);
    bare.push_back(b.wall);
    if (b.wall > 0) startup_ratio.push_back(c.wall / b.wall);
    one_rss = std::max(one_rss, c.max_rss_kb);
  }
  std::size_t largest_i = 0;
  for (std::size_t i = 0; i < corpus.texts.size(); ++i)
    if (corpus.texts[i].size() > corpus.texts[largest_i].size()) largest_i = i;
  auto big_args = cli_args;
  big_args.push_back((dir / corpus.names[largest_i]).string());
  long big_rss = run_checked(big_args).max_rss_kb;
  if (temp) fs::remove_all(dir);

  // (d) The same policies as a Terraform tree of five-file modules, whole and
  // a tenth of it (one run each): the CLI lets go of a module read for the
  // lint when its last file is linted, so the modules do not pile up with
  // the tree. A run with Terraform files keeps each report with findings
  // until the setups are proved, after every file: that part grows.
  std::string tf_tmpl = (fs::temp_directory_path() / "policylint-bench-tf-XXXXXX").string();
  if (::mkdtemp(tf_tmpl.data()) == nullptr) usage("cannot create a temporary directory");
  tf_dir = tf_tmpl;
  write_terraform_tree(corpus, corpus.texts.size(), tf_dir / "all");
  write_terraform_tree(corpus, corpus.texts.size() / 10, tf_dir / "tenth");
  auto tf_args = cli_args;
  tf_args.push_back((tf_dir / "all").string());
  run_checked(tf_args);  // warm the page cache
  Child tf_all = run_checked(tf_args);
  tf_args.back() = (tf_dir / "tenth").string();
  Child tf_tenth = run_checked(tf_args);
  fs::remove_all(tf_dir);

  std::cout << "machine: " << cpu_model() << ", " << std::thread::hardware_concurrency() << " hardware threads; "
            << "compiler: " << __VERSION__ << "\n"
            << "corpus: " << corpus.texts.size() << " files, " << fmt(mb, 2) << " MB (largest " << corpus.largest
            << " B), " << (args.dir.empty() ? "generated, seed " + std::to_string(args.seed) : "read from " + args.dir)
            << "; " << parse_errors << " files RapidJSON rejects; lint: " << findings << " findings in "
            << files_with_findings << " files\n"
            << "CLI: " << args.cli << (args.jobs ? " --jobs " + std::to_string(args.jobs) : std::string())
            << " (exit status " << tree_status << ")\n\n";
  std::cout << "| measure | time | files/s | MB/s | vs bare parse |\n|---|---:|---:|---:|---:|\n";
  auto row = [&](const char* what, double s) {
    std::cout << "| " << what << " | " << fmt(s * 1000, 1) << " ms | " << fmt(n / s, 0) << " | " << fmt(mb / s, 1)
              << " | " << fmt(s / parse_s, 2) << "x |\n";
  };
  row("(a) bare RapidJSON DOM parse, in memory", parse_s);
  row("(b) policylint full lint, in memory (1 thread)", lint_s);
  row("(c) policylint CLI over the files on disk", cli_s);
  std::cout << "| (a2) bare RapidJSON DOM parse, in memory, 2 threads | " << fmt(parse2_s * 1000, 1) << " ms | "
            << fmt(n / parse2_s, 0) << " | " << fmt(mb / parse2_s, 1) << " | 1.00x |\n"
            << "| (b2) policylint full lint, in memory, 2 threads | " << fmt(lint2_s * 1000, 1) << " ms | "
            << fmt(n / lint2_s, 0) << " | " << fmt(mb / lint2_s, 1) << " | " << fmt(lint2_s / parse2_s, 2)
            << "x (of a2) |\n";
  std::cout << "\n| CLI on one file | value |\n|---|---:|\n"
            << "| small file (" << corpus.texts[small].size() << " B), start to exit, median of " << one.size() << " | "
            << fmt(median(one) * 1000, 2) << " ms |\n"
            << "| bare-parse program on the same file, start to exit | " << fmt(median(bare) * 1000, 2) << " ms |\n"
            << "| start-up vs the bare-parse program (median of " << startup_ratio.size() << " pairs) | "
            << fmt(median(startup_ratio), 2) << "x |\n"
            << "| peak RSS, one small file | " << fmt(one_rss / 1024.0, 1) << " MiB |\n"
            << "| peak RSS, largest file alone (" << corpus.largest << " B) | " << fmt(big_rss / 1024.0, 1)
            << " MiB |\n"
            << "| peak RSS, whole tree (" << fmt(mb, 1) << " MB) | " << fmt(tree_rss / 1024.0, 1) << " MiB |\n";
  std::cout
      << "\n| CLI over the files as Terraform modules of five files (one run) | time | peak RSS |\n|---|---:|---:|\n"
      << "| (d) all " << corpus.texts.size() << " files | " << fmt(tf_all.wall * 1000, 1) << " ms | "
      << fmt(tf_all.max_rss_kb / 1024.0, 1) << " MiB |\n"
      << "| (d10) the first tenth | " << fmt(tf_tenth.wall * 1000, 1) << " ms | "
      << fmt(tf_tenth.max_rss_kb / 1024.0, 1) << " MiB |\n";
  std::cout << "\ntargets: full lint <= 3x bare parse: " << fmt(lint_s / parse_s, 2) << "x "
            << (lint_s <= 3 * parse_s ? "met" : "MISSED") << " (2 threads each: " << fmt(lint2_s / parse2_s, 2) << "x "
            << (lint2_s <= 3 * parse2_s ? "met" : "MISSED") << "); CLI over the tree < 1 s: " << fmt(cli_s, 3) << " s "
            << (cli_s < 1 ? "met" : "MISSED") << "; one small file < 10 ms: " << fmt(median(one) * 1000, 2) << " ms "
            << (median(one) < 0.010 ? "met" : "MISSED")
            << "; start-up <= 1.5x the bare-parse program: " << fmt(median(startup_ratio), 2) << "x "
            << (median(startup_ratio) <= 1.5 ? "met" : "MISSED") << "\n";
  return 0;
}
