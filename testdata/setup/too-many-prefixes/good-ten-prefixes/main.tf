# Cross-region replication with 10 distinct literal prefixes (one written
# twice) and one not known offline: at most 11 prefixes, counted 10.

provider "alicloud" {
  region = "cn-hangzhou"
}

resource "alicloud_oss_bucket" "src" {
  bucket = "examplecorp-logs-hz"
}

variable "extra_prefix" {
  type = string
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
    prefixes = ["logs/01/", "logs/02/", "logs/03/", "logs/04/", "logs/05/", "logs/06/", "logs/07/", "logs/08/", "logs/09/", "logs/10/", "logs/01/", var.extra_prefix]
  }
  destination {
    bucket   = "examplecorp-logs-backup"
    location = "oss-cn-beijing"
  }
  sync_role = alicloud_ram_role.replication.role_name
}
