resource "alicloud_oss_bucket_policy" "logs" {
  bucket = "logs
  policy = jsonencode({
    Version   = "1"
    Statement = [{ Effect = "Allow", Action = ["oss:GetObject"], Principal = ["*"], Resource = ["acs:oss:*:*:logs/*"] }]
  })
}
