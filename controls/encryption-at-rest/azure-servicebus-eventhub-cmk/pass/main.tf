resource "azurerm_servicebus_namespace" "orders" {
  name                         = "sbns-orders"
  location                     = "westeurope"
  resource_group_name          = "rg-messaging"
  sku                          = "Premium"
  premium_messaging_partitions = 1
  capacity                     = 1

  identity {
    type         = "UserAssigned"
    identity_ids = ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-messaging/providers/Microsoft.ManagedIdentity/userAssignedIdentities/messaging"]
  }

  customer_managed_key {
    key_vault_key_id                  = "https://kv-messaging.vault.azure.net/keys/servicebus"
    identity_id                       = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-messaging/providers/Microsoft.ManagedIdentity/userAssignedIdentities/messaging"
    infrastructure_encryption_enabled = true
  }
}

resource "azurerm_eventhub_namespace" "telemetry" {
  name                = "evhns-telemetry"
  location            = "westeurope"
  resource_group_name = "rg-messaging"
  sku                 = "Premium"
  capacity            = 1

  identity {
    type         = "UserAssigned"
    identity_ids = ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-messaging/providers/Microsoft.ManagedIdentity/userAssignedIdentities/messaging"]
  }
}

resource "azurerm_eventhub_namespace_customer_managed_key" "telemetry" {
  eventhub_namespace_id     = azurerm_eventhub_namespace.telemetry.id
  key_vault_key_ids         = ["https://kv-messaging.vault.azure.net/keys/eventhubs"]
  user_assigned_identity_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-messaging/providers/Microsoft.ManagedIdentity/userAssignedIdentities/messaging"
}

# Standard tier: not checked
resource "azurerm_servicebus_namespace" "basic" {
  name                = "sbns-basic"
  location            = "westeurope"
  resource_group_name = "rg-messaging"
  sku                 = "Standard"
}

