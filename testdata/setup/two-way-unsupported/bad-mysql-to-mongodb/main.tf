# A job made two-way by its synchronization_direction (its instance is not
# in the module) between MySQL and MongoDB: two ends of different kinds.

# Seed 002, scenario 3: account C (3333333333333333) creates the task; the
# source database is in account A (1111111111111111), the destination in
# account B (2222222222222222); each creates a role that C may assume.

provider "alicloud" {
  region = "cn-hangzhou"
  assume_role {
    role_arn = "acs:ram::3333333333333333:role/terraform-deployer"
  }
}

provider "alicloud" {
  alias  = "source"
  region = "cn-hangzhou"
  assume_role {
    role_arn = "acs:ram::1111111111111111:role/terraform-deployer"
  }
}

provider "alicloud" {
  alias  = "destination"
  region = "cn-hangzhou"
  assume_role {
    role_arn = "acs:ram::2222222222222222:role/terraform-deployer"
  }
}

variable "source_instance_id" {
  type = string
}

variable "destination_instance_id" {
  type = string
}

resource "alicloud_ram_role" "source" {
  provider                    = alicloud.source
  role_name                   = "dts-sync-role"
  assume_role_policy_document = <<EOF
{
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {
        "RAM": [
          "acs:ram::3333333333333333:root"
        ],
        "Service": [
          "3333333333333333@dts.aliyuncs.com"
        ]
      }
    }
  ],
  "Version": "1"
}
EOF
}

resource "alicloud_ram_role_policy_attachment" "source" {
  provider    = alicloud.source
  role_name   = alicloud_ram_role.source.role_name
  policy_name = "AliyunDTSRolePolicy"
  policy_type = "System"
}

resource "alicloud_ram_role" "destination" {
  provider                    = alicloud.destination
  role_name                   = "dts-sync-role"
  assume_role_policy_document = <<EOF
{
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Effect": "Allow",
      "Principal": {
        "RAM": [
          "acs:ram::3333333333333333:root"
        ],
        "Service": [
          "3333333333333333@dts.aliyuncs.com"
        ]
      }
    }
  ],
  "Version": "1"
}
EOF
}

resource "alicloud_ram_role_policy_attachment" "destination" {
  provider    = alicloud.destination
  role_name   = alicloud_ram_role.destination.role_name
  policy_name = "AliyunDTSRolePolicy"
  policy_type = "System"
}

variable "dts_instance_id" {
  type = string
}

resource "alicloud_dts_synchronization_job" "sync" {
  dts_instance_id                    = var.dts_instance_id
  dts_job_name                       = "cross-account-two-way"
  synchronization_direction          = "Forward"
  source_endpoint_instance_type      = "RDS"
  source_endpoint_instance_id        = var.source_instance_id
  source_endpoint_engine_name        = "MYSQL"
  source_endpoint_region             = "cn-hangzhou"
  source_endpoint_owner_id           = "1111111111111111"
  source_endpoint_role               = alicloud_ram_role.source.role_name
  destination_endpoint_instance_type = "MONGODB"
  destination_endpoint_instance_id   = var.destination_instance_id
  destination_endpoint_engine_name   = "MONGODB"
  destination_endpoint_region        = "cn-hangzhou"
  destination_endpoint_owner_id      = "2222222222222222"
  destination_endpoint_role          = alicloud_ram_role.destination.role_name
  db_list = jsonencode({
    orders = { name = "orders", all = true }
  })
  structure_initialization = true
  data_initialization      = true
  data_synchronization     = true
}
