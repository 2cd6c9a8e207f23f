# A same-account DTS role: DTS of the role's own account assumes it through
# the plain service principal, as AliyunDTSDefaultRole is trusted. No task
# across accounts is declared, and none is inferred from the plain form.
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

resource "alicloud_ram_role_policy_attachment" "dts" {
  policy_name = "AliyunDTSRolePolicy"
  policy_type = "System"
  role_name   = alicloud_ram_role.dts.role_name
}
