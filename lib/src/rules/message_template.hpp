#pragma once
// A message rendered once per language with a marker byte for each parameter
// and kept split at the markers: a finding's text is then the pieces and its
// values in one allocation, where render() would look the template up, scan
// it and grow its output for every finding. For messages a rule writes many
// times per document (resource/service-mismatch, the related labels of
// dts/plain-service-principal). A template render() words differently for
// some value (a {name|one|other} form) is rendered in full each time.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "policylint/i18n.hpp"

namespace policylint::rules {

class MessageTemplate {
public:
  // params: the message's parameter names, in the order fill() takes their
  // values (views of constant text: they must outlive the template).
  MessageTemplate(std::string_view id, std::span<const std::string_view> params, Lang lang);

  // The text with values[k] for the k-th parameter.
  std::string fill(std::span<const std::string_view> values) const {
    return plain_ ? assemble(values) : rendered(values);
  }
  std::string fill(std::string_view value) const { return fill(std::span<const std::string_view>(&value, 1)); }
  // A text without parameters.
  const std::string& constant() const { return text_; }

private:
  // text_[begin, begin + size), then the value of parameter param (kNone: none).
  struct Piece {
    std::size_t begin, size, param;
  };
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  std::string assemble(std::span<const std::string_view> values) const;
  std::string rendered(std::span<const std::string_view> values) const;

  std::string_view id_;
  std::vector<std::string_view> params_;
  Lang lang_;
  std::string text_;
  std::vector<Piece> pieces_;
  bool plain_ = false;
};

}  // namespace policylint::rules
