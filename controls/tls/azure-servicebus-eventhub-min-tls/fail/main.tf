resource "azurerm_servicebus_namespace" "orders" {
  name                = "sbns-orders"
  location            = "westeurope"
  resource_group_name = "rg-messaging"
  sku                 = "Standard"
  minimum_tls_version = "1.0" # fail: namespace
}

resource "azurerm_eventhub_namespace" "telemetry" {
  name                = "evhns-telemetry"
  location            = "westeurope"
  resource_group_name = "rg-messaging"
  sku                 = "Standard"
  minimum_tls_version = "1.1" # fail: namespace
}

