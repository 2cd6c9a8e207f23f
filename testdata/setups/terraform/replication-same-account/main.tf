# Seed 001, same-account replication: one account owns both buckets and the
# role; one permission policy covers both buckets (written with the
# alicloud_ram_policy_document data source), attached by the role's literal
# name; the role uses the provider's older argument names (name, document).

provider "alicloud" {
  region = "cn-hangzhou"
}

resource "alicloud_oss_bucket" "src" {
  bucket = "examplecorp-logs-hz"
}

resource "alicloud_oss_bucket" "dest" {
  bucket = "examplecorp-logs-bj-backup"
}

resource "alicloud_ram_role" "replication" {
  name     = "oss-replication"
  document = <<EOF
{
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {
        "Service": [
          "oss.aliyuncs.com"
        ]
      }
    }
  ],
  "Version": "1"
}
EOF
}

data "alicloud_ram_policy_document" "replicate" {
  version = "1"
  statement {
    effect   = "Allow"
    action   = ["oss:ReplicateList", "oss:ReplicateGet"]
    resource = ["acs:oss:*:*:examplecorp-logs-hz", "acs:oss:*:*:examplecorp-logs-hz/*"]
  }
  statement {
    effect   = "Allow"
    action   = ["oss:ReplicateList", "oss:ReplicateGet", "oss:ReplicatePut"]
    resource = ["acs:oss:*:*:examplecorp-logs-bj-backup", "acs:oss:*:*:examplecorp-logs-bj-backup/*"]
  }
}

resource "alicloud_ram_policy" "replicate" {
  policy_name     = "oss-replicate-same-account"
  policy_document = data.alicloud_ram_policy_document.replicate.document
}

resource "alicloud_ram_role_policy_attachment" "replicate" {
  role_name   = "oss-replication"
  policy_name = "oss-replicate-same-account"
  policy_type = "Custom"
}

resource "alicloud_oss_bucket_replication" "srr" {
  bucket = "examplecorp-logs-hz"
  action = "PUT"
  destination {
    bucket   = "examplecorp-logs-bj-backup"
    location = "oss-cn-hangzhou"
  }
  sync_role = "oss-replication"
}
