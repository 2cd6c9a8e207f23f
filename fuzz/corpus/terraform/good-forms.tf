# Every value form the reader knows, all valid HCL.
locals {
  replication_trust = <<-EOT
    {
      "Version": "1",
      "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                     "Principal": {"Service": ["oss.aliyuncs.com"]}}]
    }
  EOT
}

resource "alicloud_ram_role" "replication" {
  role_name                   = "oss-replication"
  assume_role_policy_document = local.replication_trust
}

resource "alicloud_oss_bucket_policy" "logs" {
  bucket = "logs"
  policy = jsonencode({
    Version = "1"
    Statement = [{
      Effect    = "Allow"
      Action    = ["oss:GetObject"]
      Principal = ["arn:sts::${var.uid}:assumed-role/ossreplicator/*"]
      Resource  = ["acs:oss:*:${var.owner}:logs/*"]
    }]
  })
}

data "alicloud_ram_policy_document" "read" {
  statement {
    effect   = "Allow"
    action   = ["oss:GetObject", "oss:ListObjects"]
    resource = ["acs:oss:*:*:logs", "acs:oss:*:*:logs/*"]
  }
}

resource "alicloud_ram_policy" "read" {
  policy_name     = "read"
  policy_document = data.alicloud_ram_policy_document.read.document
}
