// The one model of names (lib/src/model/arn.hpp): ARN fields with their
// offsets, OSS bucket/object ARNs and the principal forms built on them.
#include <catch2/catch.hpp>

#include "../../lib/src/model/arn.hpp"

using namespace policylint::model;

TEST_CASE("arn: fields and offsets", "[arn]") {
  Arn a = split_arn("acs:oss:*:1234:bucket/key:with:colons");
  REQUIRE(a.complete());
  CHECK(a.scheme.text == "acs");
  CHECK(a.service.text == "oss");
  CHECK(a.region.text == "*");
  CHECK(a.region.offset == 8);
  CHECK(a.account.text == "1234");
  CHECK(a.account.offset == 10);
  CHECK(a.resource.text == "bucket/key:with:colons");
  CHECK(a.resource.offset == 15);
  CHECK(a.head() == "acs:oss:*:1234:");
  SECTION("short text: the last part found holds the rest") {
    Arn s = split_arn("acs:odps:*:projects/p");
    CHECK(s.fields == 4);
    CHECK_FALSE(s.complete());
    CHECK(s.account.text == "projects/p");
    CHECK(s.resource.text.empty());
    CHECK(split_arn("plain").fields == 1);
  }
  SECTION("parse_arn wants acs: or arn: and five fields") {
    CHECK(parse_arn("acs:ram::1:root"));
    CHECK(parse_arn("arn:sts::1:assumed-role/r/s"));
    CHECK_FALSE(parse_arn("ACS:ram::1:root"));
    CHECK_FALSE(parse_arn("acs:ram::1"));
    CHECK(arn_account("acs:ram::42:role/x")->text == "42");
    CHECK(arn_account("acs:ram::42:role/x")->offset == 9);
  }
}

TEST_CASE("arn: OSS bucket and object ARNs", "[arn]") {
  auto b = parse_oss_arn("acs:oss:*:123:photos");
  REQUIRE(b);
  CHECK(b->bucket.text == "photos");
  CHECK(b->bucket.offset == 14);
  CHECK_FALSE(b->has_key);
  CHECK(b->account() == "123");
  auto o = parse_oss_arn("acs:OSS:*:*:photos/2024/*");
  REQUIRE(o);
  CHECK(o->has_key);
  CHECK(o->key.text == "2024/*");
  CHECK(o->key.offset == 19);
  CHECK(o->head() == "acs:OSS:*:*:");
  CHECK_FALSE(parse_oss_arn("acs:oss:*:*:"));         // no bucket
  CHECK_FALSE(parse_oss_arn("acs:ossvector:*:*:b"));  // another service
  CHECK_FALSE(parse_oss_arn("ACS:oss:*:*:b"));        // the scheme is lower case
  CHECK_FALSE(parse_oss_arn("acs:oss:*:b"));          // a field short
}

TEST_CASE("arn: STS role-session principal", "[arn]") {
  CHECK(sts_like("arn:sts::1:assumed-role/r/s"));
  CHECK(sts_like("ACS:STS::1:assumed-role/r/s"));
  CHECK_FALSE(sts_like("acs:ram::1:role/r"));
  RoleSession s = role_session(split_arn("arn:sts::1646:assumed-role/MyRole/session-1"));
  CHECK(s.type.text == "assumed-role");
  CHECK(s.role.text == "MyRole");
  CHECK(s.role.offset == 27);
  CHECK(s.session.text == "session-1");
  CHECK(s.parts == 3);
  RoleSession two = role_session(split_arn("arn:sts::1:assumed-role/r"));
  CHECK(two.parts == 2);
  CHECK(two.session.text.empty());
}

TEST_CASE("arn: RAM principals", "[arn]") {
  auto root = ram_principal(split_arn("acs:ram::1:root"));
  REQUIRE(root);
  CHECK(root->entity == RamEntity::Root);
  auto role = ram_principal(split_arn("acs:ram::1:role/replicator"));
  REQUIRE(role);
  CHECK(role->entity == RamEntity::Role);
  CHECK(role->name.text == "replicator");
  CHECK(role->name.offset == 16);
  CHECK(ram_principal(split_arn("acs:ram::1:saml-provider/idp"))->entity == RamEntity::SamlProvider);
  CHECK(ram_principal(split_arn("acs:ram::1:*"))->entity == RamEntity::Any);
  CHECK_FALSE(ram_principal(split_arn("acs:ram::1:role/a/b")));  // a session, not a role
  CHECK_FALSE(ram_principal(split_arn("acs:ram::1:user/")));
  CHECK_FALSE(ram_principal(split_arn("acs:ram::1:group/g")));
  CHECK(is_ram_root("acs:ram::1:root"));
  CHECK_FALSE(is_ram_root("acs:ram:*:1:root"));
  CHECK_FALSE(is_ram_root("acs:ram::1:root/x"));
}

TEST_CASE("arn: service principals and the account a principal names", "[arn]") {
  ServicePrincipal plain = service_principal("dts.aliyuncs.com");
  CHECK_FALSE(plain.scoped);
  CHECK(plain.host.text == "dts.aliyuncs.com");
  ServicePrincipal scoped = service_principal("123@dts.aliyuncs.com");
  CHECK(scoped.scoped);
  CHECK(scoped.uid.text == "123");
  CHECK(scoped.host.text == "dts.aliyuncs.com");
  CHECK(scoped.host.offset == 4);
  CHECK(principal_account("acs:ram::11:root")->text == "11");
  CHECK(principal_account("arn:sts::22:assumed-role/r/*")->text == "22");
  CHECK(principal_account("33@dts.aliyuncs.com")->text == "33");
  CHECK(principal_account("44")->text == "44");
  CHECK_FALSE(principal_account("@dts.aliyuncs.com"));
  CHECK_FALSE(principal_account("oss.aliyuncs.com"));
}
