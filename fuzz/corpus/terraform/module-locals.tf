# The trust policy of the replication role, used from main.tf.
locals {
  replication_trust = jsonencode({
    Version = "1"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = ["oss.aliyuncs.com"] }
    }]
  })
}

data "alicloud_ram_policy_document" "replication" {
  statement {
    effect   = "Allow"
    action   = ["oss:ReplicateGet", "oss:ReplicateList", "oss:GetObject", "oss:ListObjects"]
    resource = ["acs:oss:*:*:logs", "acs:oss:*:*:logs/*"]
  }
}
