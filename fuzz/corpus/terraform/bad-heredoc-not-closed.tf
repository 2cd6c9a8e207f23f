resource "alicloud_ram_role" "replication" {
  role_name                   = "oss-replication"
  assume_role_policy_document = <<EOT
{
  "Version": "1",
  "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                 "Principal": {"Service": ["oss.aliyuncs.com"]}}]
}
EOF
}
