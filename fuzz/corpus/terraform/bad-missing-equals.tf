resource "alicloud_ram_policy" "p" {
  policy_name "p"
  policy_document = jsonencode({ Version = "1", Statement = [] })
}
