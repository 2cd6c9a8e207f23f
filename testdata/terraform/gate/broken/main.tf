# OSS cross-region replication: the destination bucket's policy lets the
# source account's replication role write. The role name in the principal is
# written with capital letters: OSS compares it in lower case, so replication
# is denied (principal/role-name-lowercase). The account ID is a variable:
# unknown here, never judged.
resource "alicloud_oss_bucket_policy" "destination" {
  bucket = "logs-replica"
  policy = <<EOF
{
  "Version": "1",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["oss:ReplicateGet", "oss:ReplicatePut", "oss:ReplicateList"],
      "Principal": ["arn:sts::${var.source_account}:assumed-role/OssCrrReplicator/*"],
      "Resource": ["acs:oss:*:${var.destination_account}:logs-replica", "acs:oss:*:${var.destination_account}:logs-replica/*"]
    }
  ]
}
EOF
}
