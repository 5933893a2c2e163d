resource "azurerm_servicebus_namespace" "orders" {
  name                          = "sbns-orders"
  location                      = "westeurope"
  resource_group_name           = "rg-messaging"
  sku                           = "Premium"
  premium_messaging_partitions  = 1
  capacity                      = 1
  public_network_access_enabled = false
}

resource "azurerm_servicebus_namespace" "billing" {
  name                         = "sbns-billing"
  location                     = "westeurope"
  resource_group_name          = "rg-messaging"
  sku                          = "Premium"
  premium_messaging_partitions = 1
  capacity                     = 1
}

resource "azurerm_servicebus_namespace_network_rule_set" "billing" {
  namespace_id                  = azurerm_servicebus_namespace.billing.id
  default_action                = "Deny"
  public_network_access_enabled = true
  trusted_services_allowed      = true
  ip_rules                      = ["203.0.113.0/27"]
}

resource "azurerm_eventhub_namespace" "telemetry" {
  name                = "evhns-telemetry"
  location            = "westeurope"
  resource_group_name = "rg-messaging"
  sku                 = "Standard"

  network_rulesets {
    default_action                 = "Deny"
    trusted_service_access_enabled = true

    virtual_network_rule {
      subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-app/subnets/app"
    }
  }
}

