#include "message_template.hpp"

#include <cstring>

namespace policylint::rules {

namespace {
constexpr char kFirstMarker = '\x01';
}  // namespace

MessageTemplate::MessageTemplate(std::string_view id, std::span<const std::string_view> params, Lang lang)
    : id_(id), params_(params.begin(), params.end()), lang_(lang) {
  Message marked{id_, {}};
  char marker = kFirstMarker;
  for (std::string_view p : params_) marked.args.emplace_back(p, std::string(1, marker++));
  text_ = render(marked, lang);
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text_.size(); ++i) {
    auto k = static_cast<std::size_t>(text_[i] - kFirstMarker);
    if (text_[i] < kFirstMarker || k >= params_.size()) continue;
    pieces_.push_back(Piece{begin, i - begin, k});
    begin = i + 1;
  }
  pieces_.push_back(Piece{begin, text_.size() - begin, kNone});
  // A value of "1" is the one a {name|one|other} form renders differently.
  std::vector<std::string_view> ones(params_.size(), "1");
  plain_ = assemble(ones) == rendered(ones);
}

std::string MessageTemplate::assemble(std::span<const std::string_view> values) const {
  std::size_t n = 0;
  for (const Piece& p : pieces_) n += p.size + (p.param == kNone ? 0 : values[p.param].size());
  // Sized once and copied into: append() checks the capacity at each piece.
  std::string out(n, '\0');
  char* to = out.data();
  for (const Piece& p : pieces_) {
    std::memcpy(to, text_.data() + p.begin, p.size);
    to += p.size;
    if (p.param == kNone) continue;
    std::memcpy(to, values[p.param].data(), values[p.param].size());
    to += values[p.param].size();
  }
  return out;
}

std::string MessageTemplate::rendered(std::span<const std::string_view> values) const {
  Message m{id_, {}};
  std::size_t k = 0;
  for (std::string_view p : params_) m.args.emplace_back(p, values[k++]);
  return render(m, lang_);
}

}  // namespace policylint::rules
