resource "azurerm_servicebus_namespace" "orders" { # fail: servicebus
  name                = "sbns-orders"
  location            = "westeurope"
  resource_group_name = "rg-messaging"
  sku                 = "Premium"
}

resource "azurerm_eventhub_namespace" "telemetry" {
  name                = "evhns-telemetry"
  location            = "westeurope"
  resource_group_name = "rg-messaging"
  sku                 = "Standard"

  network_rulesets {
    default_action = "Allow" # fail: eventhub
  }
}

