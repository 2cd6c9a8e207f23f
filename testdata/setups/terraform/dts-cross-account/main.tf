# Seed 002, scenario 1 (cross-account source database): account A
# (1111111111111111) owns the source RDS instance and creates the role that
# account B (2222222222222222), which creates the DTS task, may assume
# (trust: B's root and B's DTS service, AliyunDTSRolePolicy).

provider "alicloud" {
  region = "cn-hangzhou"
  assume_role {
    role_arn = "acs:ram::2222222222222222:role/terraform-deployer"
  }
}

provider "alicloud" {
  alias  = "source"
  region = "cn-hangzhou"
  assume_role {
    role_arn = "acs:ram::1111111111111111:role/terraform-deployer"
  }
}

variable "source_rds_id" {
  type = string
}

variable "destination_rds_id" {
  type = string
}

resource "alicloud_ram_role" "dts" {
  provider                    = alicloud.source
  role_name                   = "dts-cross-account-role"
  assume_role_policy_document = <<EOF
{
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {
        "RAM": [
          "acs:ram::2222222222222222:root"
        ],
        "Service": [
          "2222222222222222@dts.aliyuncs.com"
        ]
      }
    }
  ],
  "Version": "1"
}
EOF
}

resource "alicloud_ram_role_policy_attachment" "dts" {
  provider    = alicloud.source
  role_name   = alicloud_ram_role.dts.role_name
  policy_name = "AliyunDTSRolePolicy"
  policy_type = "System"
}

resource "alicloud_dts_synchronization_instance" "sync" {
  payment_type                     = "PayAsYouGo"
  source_endpoint_engine_name      = "MySQL"
  source_endpoint_region           = "cn-hangzhou"
  destination_endpoint_engine_name = "MySQL"
  destination_endpoint_region      = "cn-hangzhou"
  instance_class                   = "small"
  sync_architecture                = "oneway"
}

resource "alicloud_dts_synchronization_job" "sync" {
  dts_instance_id                    = alicloud_dts_synchronization_instance.sync.id
  dts_job_name                       = "cross-account-sync"
  source_endpoint_instance_type      = "RDS"
  source_endpoint_instance_id        = var.source_rds_id
  source_endpoint_engine_name        = "MySQL"
  source_endpoint_region             = "cn-hangzhou"
  source_endpoint_owner_id           = "1111111111111111"
  source_endpoint_role               = alicloud_ram_role.dts.role_name
  destination_endpoint_instance_type = "RDS"
  destination_endpoint_instance_id   = var.destination_rds_id
  destination_endpoint_engine_name   = "MySQL"
  destination_endpoint_region        = "cn-hangzhou"
  db_list = jsonencode({
    orders = { name = "orders", all = true }
  })
  structure_initialization = true
  data_initialization      = true
  data_synchronization     = true
}
