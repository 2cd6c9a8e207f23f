resource "alicloud_oss_bucket" "src" {
  bucket = "examplecorp-logs-hz"
}

resource "alicloud_ram_role" "replication" {
  role_name                   = "oss-replication-role"
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

resource "alicloud_ram_policy" "replicate_source" {
  policy_name = "oss-replicate-source"
  policy_document = jsonencode({
    Version = "1"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["oss:ReplicateList", "oss:ReplicateGet"]
        Resource = ["acs:oss:*:*:examplecorp-logs-hz", "acs:oss:*:*:examplecorp-logs-hz/*"]
      }
    ]
  })
}

resource "alicloud_ram_role_policy_attachment" "source" {
  role_name   = alicloud_ram_role.replication.role_name
  policy_name = alicloud_ram_policy.replicate_source.policy_name
  policy_type = "Custom"
}

resource "alicloud_ram_role_policy_attachment" "kms" {
  role_name   = alicloud_ram_role.replication.role_name
  policy_name = "AliyunKMSCryptoUserAccess"
  policy_type = "System"
}

resource "alicloud_oss_bucket_replication" "crr" {
  bucket = alicloud_oss_bucket.src.bucket
  action = "PUT"
  destination {
    bucket   = alicloud_oss_bucket.dest.bucket
    location = "oss-cn-beijing"
  }
  sync_role                     = alicloud_ram_role.replication.role_name
  historical_object_replication = "enabled"
  encryption_configuration {
    replica_kms_key_id = alicloud_kms_key.dest.id
  }
  source_selection_criteria {
    sse_kms_encrypted_objects {
      status = "Enabled"
    }
  }
}
