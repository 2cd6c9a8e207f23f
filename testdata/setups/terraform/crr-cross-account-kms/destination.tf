resource "alicloud_kms_key" "dest" {
  provider    = alicloud.dest
  description = "Encrypts objects replicated from account 1111111111111111"
  policy = jsonencode({
    Version = "1"
    Statement = [
      {
        Sid       = "Enable RAM User Permissions"
        Effect    = "Allow"
        Principal = { RAM = ["acs:ram::2222222222222222:*"] }
        Action    = ["kms:*"]
        Resource  = ["*"]
      },
      {
        Sid       = "Allow the replication role of the source account"
        Effect    = "Allow"
        Principal = { RAM = ["acs:ram::1111111111111111:role/oss-replication-role"] }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = ["*"]
      }
    ]
  })
}

resource "alicloud_oss_bucket" "dest" {
  provider = alicloud.dest
  bucket   = "examplecorp-logs-bj-backup"
  server_side_encryption_rule {
    sse_algorithm     = "KMS"
    kms_master_key_id = alicloud_kms_key.dest.id
  }
}

resource "alicloud_oss_bucket_policy" "dest" {
  provider = alicloud.dest
  bucket   = alicloud_oss_bucket.dest.bucket
  policy   = <<EOF
{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "oss:ReplicateList",
        "oss:ReplicateGet",
        "oss:ReplicatePut"
      ],
      "Principal": [
        "arn:sts::1111111111111111:assumed-role/oss-replication-role/*"
      ],
      "Resource": [
        "acs:oss:*:2222222222222222:examplecorp-logs-bj-backup",
        "acs:oss:*:2222222222222222:examplecorp-logs-bj-backup/*"
      ]
    }
  ]
}
EOF
}
