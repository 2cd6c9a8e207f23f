# Historical data replicated between two buckets with versioning enabled.

provider "alicloud" {
  region = "cn-hangzhou"
}

resource "alicloud_oss_bucket" "src" {
  bucket = "examplecorp-logs-hz"
  versioning {
    status = "Enabled"
  }
}

resource "alicloud_oss_bucket" "dest" {
  bucket = "examplecorp-logs-backup"
  versioning {
    status = "Enabled"
  }
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
  statement {
    effect   = "Allow"
    action   = ["oss:ReplicateList", "oss:ReplicateGet", "oss:ReplicatePut"]
    resource = ["acs:oss:*:*:examplecorp-logs-backup", "acs:oss:*:*:examplecorp-logs-backup/*"]
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
  historical_object_replication = "enabled"
  destination {
    bucket   = alicloud_oss_bucket.dest.bucket
    location = "oss-cn-hangzhou"
  }
  sync_role = alicloud_ram_role.replication.role_name
}
