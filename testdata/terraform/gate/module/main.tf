resource "alicloud_ram_role" "replication" {
  role_name                   = "osscrrreplicator"
  assume_role_policy_document = local.replication_trust
}

resource "alicloud_ram_policy" "replication_source" {
  policy_name     = "replication-source"
  policy_document = data.alicloud_ram_policy_document.replication.document
}
