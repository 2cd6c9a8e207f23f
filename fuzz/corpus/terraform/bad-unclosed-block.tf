resource "alicloud_ram_policy" "read" {
  policy_name     = "read"
  policy_document = <<EOF
{
  "Version": "1",
  "Statement": [{"Effect": "Allow", "Action": "oss:GetObject", "Resource": "acs:oss:*:*:logs/*"}]
}
EOF

resource "alicloud_ram_policy" "write" {
  policy_name     = "write"
  policy_document = <<EOF
{
  "Version": "1",
  "Statement": [{"Effect": "Allow", "Action": "oss:PutObject", "Resource": "acs:oss:*:*:logs/*"}]
}
EOF
}
