# OSS cross-region replication: the destination bucket's policy lets the
# source account's replication role write. The role name is in lower case, as
# OSS compares it. The account IDs are variables: unknown here, never judged.
resource "alicloud_oss_bucket_policy" "destination" {
  bucket = "logs-replica"
  policy = <<EOF
{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["oss:ReplicateGet", "oss:ReplicatePut", "oss:ReplicateList"],
      "Principal": ["arn:sts::${var.source_account}:assumed-role/osscrrreplicator/*"],
      "Resource": ["acs:oss:*:${var.destination_account}:logs-replica", "acs:oss:*:${var.destination_account}:logs-replica/*"]
    }
  ]
}
EOF
}
