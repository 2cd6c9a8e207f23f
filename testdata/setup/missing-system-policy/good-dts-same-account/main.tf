# A role trusted by the plain DTS service principal and given no system
# policy yet: nothing says a cross-account DTS task uses it, so no setup is
# inferred and no attachment is asked for.
resource "alicloud_ram_role" "dts" {
  role_name = "dts-same-account"
  assume_role_policy_document = jsonencode({
    Version = "1"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = ["dts.aliyuncs.com"] }
    }]
  })
}
