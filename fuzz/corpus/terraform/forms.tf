locals {
  a = "x${var.y}z%{ if c }w%{ else }v%{ endif }"
  b = data.t.n[0].document
  c = [for k, v in var.m : upper(v) if k != "x"]
  d = { for k, v in var.m : k => v... }
  e = var.on ? -1.5e3 : !false && null == null || 3 % 2 >= 1
  f = provider::time::rfc3339_parse("2024-01-01T00:00:00Z")
  g = x.y[*].z.*.w
}
resource "alicloud_ram_policy" "p" {
  policy_document = jsonencode({
    Version   = "1"
    Statement = [{ Effect = "Allow", Action = ["oss:*"], Resource = "*", "Condition" : { "Bool" : { "k" : true } } }]
  })
}
resource "alicloud_ram_role" "r" {
  assume_role_policy_document = trimspace(<<-EOT
    {"Version": "1", "Statement": [{"Principal": {"RAM": ["acs:ram::${var.uid}:root"]}}]}
  EOT
  )
}
resource "alicloud_oss_bucket" "b" {
  policy = templatefile("${path.module}/b.json.tpl", { uid = var.uid })
}
resource "alicloud_oss_bucket_policy" "c" {
  policy = file("${path.module}/c.json")
}
/* a block comment */ # a line comment
// another
data "alicloud_ram_policy_document" "d" {
  statement {
    dynamic "condition" {
      for_each = var.c
      content {
        operator = condition.value.op
      }
    }
    principal {
      entity      = "Service"
      identifiers = ["ecs.aliyuncs.com", "oss.aliyuncs.com"]
    }
  }
}
