#include <rapidjson/writer.h>

#include "policylint/report.hpp"
#include "report/output.hpp"

namespace policylint {

namespace report {

// Strings are written as they are; the sink makes the bytes valid UTF-8.
struct JsonReport::Impl {
  Sink sink;
  rapidjson::Writer<Sink> w;
  explicit Impl(std::ostream& os) : sink(os), w(sink) {}
  void str(std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
};

JsonReport::JsonReport(std::ostream& os, const ReportOptions& opt) : impl_(std::make_unique<Impl>(os)) {
  auto& w = impl_->w;
  auto str = [this](std::string_view s) { impl_->str(s); };
  w.StartObject();
  str("version");
  w.Int(1);
  str("tool");
  w.StartObject();
  str("name");
  str("policylint");
  str("version");
  str(opt.tool_version);
  w.EndObject();
  str("findings");
  w.StartArray();
}

JsonReport::~JsonReport() = default;

void JsonReport::findings(const FileReport& r) {
  auto& w = impl_->w;
  auto str = [this](std::string_view s) { impl_->str(s); };
  for (const auto& f : r.findings) {
    w.StartObject();
    str("rule");
    str(f.rule);
    str("severity");
    str(to_string(f.severity));
    str("message");
    str(f.message);
    str("path");
    str(f.path);
    str("line");
    w.Uint(f.start.line);
    str("column");
    w.Uint(f.start.column);
    str("endLine");
    w.Uint(f.end.line);
    str("endColumn");
    w.Uint(f.end.column);
    if (f.kind) {
      str("kind");
      str(to_string(*f.kind));
    }
    if (!f.context.empty()) {
      str("context");
      str(f.context);
    }
    if (!f.related.empty()) {
      str("related");
      w.StartArray();
      for (const auto& rel : f.related) {
        Position b = rel.path.empty() ? r.source.position(rel.span.begin) : rel.start;
        Position e = rel.path.empty() ? r.source.position(rel.span.end) : rel.end;
        w.StartObject();
        str("path");
        str(rel.path.empty() ? f.path.str() : rel.path);
        if (b.line > 0) {
          str("line");
          w.Uint(b.line);
          str("column");
          w.Uint(b.column);
          str("endLine");
          w.Uint(e.line);
          str("endColumn");
          w.Uint(e.column);
        }
        str("message");
        str(rel.label);
        w.EndObject();
      }
      w.EndArray();
    }
    if (f.fix) {
      str("fix");
      w.StartObject();
      str("title");
      str(f.fix->title);
      str("safe");
      w.Bool(f.fix->safe);
      w.EndObject();
    }
    w.EndObject();
  }
}

void JsonReport::finish(const std::vector<FileReport>& files, const std::vector<setup::SetupResult>* setups,
                        const Totals& totals) {
  auto& w = impl_->w;
  auto str = [this](std::string_view s) { impl_->str(s); };
  w.EndArray();
  str("files");
  w.StartArray();
  for (const auto& r : files) {
    w.StartObject();
    str("path");
    str(r.path);
    str("policy");
    w.Bool(r.is_policy);
    if (r.kind) {
      str("kind");
      str(to_string(*r.kind));
      str("kindInferred");
      w.Bool(r.kind_inferred);
    }
    str("documents");
    w.StartArray();
    for (const auto& d : r.documents) {
      w.StartObject();
      if (!d.context.empty()) {
        str("context");
        str(d.context);
      }
      if (d.kind) {
        str("kind");
        str(to_string(*d.kind));
      }
      str("kindInferred");
      w.Bool(d.kind_inferred);
      str("form");
      str(to_string(d.form));
      str("line");
      w.Uint(d.start.line);
      str("column");
      w.Uint(d.start.column);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  if (setups != nullptr) {
    // Each setup and the answer of each step of its proof.
    str("setups");
    w.StartArray();
    for (const auto& su : *setups) {
      w.StartObject();
      str("name");
      str(su.name);
      str("task");
      str(setup::to_string(su.task));
      str("declared");
      w.Bool(su.declared);
      if (su.place.known()) {
        str("path");
        str(su.place.path);
      }
      str("steps");
      w.StartArray();
      for (const auto& st : su.steps) {
        w.StartObject();
        str("check");
        str(st.check);
        str("what");
        str(st.what);
        str("verdict");
        str(setup::to_string(st.verdict));
        if (!st.detail.empty()) {
          str("detail");
          str(st.detail);
        }
        if (st.at.known()) {
          str("path");
          str(st.at.path);
        }
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  }
  str("summary");
  w.StartObject();
  str("files");
  w.Uint64(totals.files);
  str("errors");
  w.Uint64(totals.errors);
  str("warnings");
  w.Uint64(totals.warnings);
  str("notes");
  w.Uint64(totals.notes);
  w.EndObject();
  w.EndObject();
  impl_->sink.Put('\n');
  impl_->sink.finish();
}

}  // namespace report

void write_json(std::ostream& os, const std::vector<FileReport>& reports, const ReportOptions& opt) {
  report::JsonReport json(os, opt);
  for (const auto& r : reports) json.findings(r);
  json.finish(reports, opt.setups, count(reports));
}

}  // namespace policylint
