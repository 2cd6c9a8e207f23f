# Cross-region replication (the provider's region is cn-hangzhou, the
# destination is in oss-cn-beijing) with 31 prefixes: one more than the most
# OSS accepts for cross-region replication even after the limit is raised.

provider "alicloud" {
  region = "cn-hangzhou"
}

resource "alicloud_oss_bucket" "src" {
  bucket = "examplecorp-logs-hz"
}

resource "alicloud_ram_role" "replication" {
  role_name                   = "oss-replication"
  assume_role_policy_document = <<EOF
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
}

resource "alicloud_ram_policy" "replicate" {
  policy_name     = "oss-replicate"
  policy_document = data.alicloud_ram_policy_document.replicate.document
}

resource "alicloud_ram_role_policy_attachment" "replicate" {
  role_name   = alicloud_ram_role.replication.role_name
  policy_name = alicloud_ram_policy.replicate.policy_name
  policy_type = "Custom"
}

resource "alicloud_oss_bucket_replication" "rule" {
  bucket = alicloud_oss_bucket.src.bucket
  action = "PUT"
  prefix_set {
    prefixes = ["logs/01/", "logs/02/", "logs/03/", "logs/04/", "logs/05/", "logs/06/", "logs/07/", "logs/08/", "logs/09/", "logs/10/", "logs/11/", "logs/12/", "logs/13/", "logs/14/", "logs/15/", "logs/16/", "logs/17/", "logs/18/", "logs/19/", "logs/20/", "logs/21/", "logs/22/", "logs/23/", "logs/24/", "logs/25/", "logs/26/", "logs/27/", "logs/28/", "logs/29/", "logs/30/", "logs/31/"]
  }
  destination {
    bucket   = "examplecorp-logs-backup"
    location = "oss-cn-beijing"
  }
  sync_role = alicloud_ram_role.replication.role_name
}
